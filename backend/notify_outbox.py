"""What a parcel's life puts into the notification outbox, in the transaction that changes the parcel.

The rows hold no text and no address: which parcel, which template, which channel, when it is due.
The channels of a parcel were fixed when it was announced (its sealed contact's row says which), so a
push needs neither the configuration nor the key. A parcel without a sealed contact (announced
while no delivery was configured) puts nothing here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from backend import schema

#: outbox states a message may still be sent from
PENDING = ("queued", "retrying")


def parse_moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _contact(conn: Connection, parcel_id: str) -> Any:
    n = schema.notify_contacts.c
    return conn.execute(select(n.channels, n.reminder_hours).where(n.parcel_id == parcel_id)).first()


def enqueue(conn: Connection, site_id: str, parcel: dict[str, Any], template: str, due: datetime,
            now: datetime, *, again: str = "") -> int:
    """One row per channel of the parcel's contact; a row already there for this deposit is kept
    (a re-applied op or a second push enqueues nothing twice; `again` names a deliberate repeat, a
    re-issued code). Returns how many rows were added."""
    contact = _contact(conn, str(parcel["id"]))
    if contact is None:
        return 0
    o = schema.notify_outbox.c
    added = 0
    for channel in filter(None, contact.channels.split(",")):
        dedupe = f"{parcel['id']}:{template}:{channel}:{parcel.get('deposited_at') or ''}{again}"
        if conn.execute(select(o.id).where(o.dedupe_key == dedupe)).first() is not None:
            continue
        conn.execute(insert(schema.notify_outbox).values(
            dedupe_key=dedupe, site_id=site_id, parcel_id=str(parcel["id"]), template=template, channel=channel,
            status="queued", attempts=0, next_attempt_at=iso(due), created_at=iso(now)))
        added += 1
    return added


def skip_pending(conn: Connection, parcel_id: str, templates: tuple[str, ...], now: datetime) -> None:
    """Messages that no longer make sense (a reminder for a parcel already picked up)."""
    o = schema.notify_outbox.c
    conn.execute(update(schema.notify_outbox).where(
        and_(o.parcel_id == parcel_id, o.template.in_(templates), o.status.in_(PENDING)))
        .values(status="skipped", finished_at=iso(now)))


def forget_contact_when_done(conn: Connection, parcel_id: str) -> bool:
    """Delete the sealed contact once the parcel has left the locker and nothing is left to send."""
    o = schema.notify_outbox.c
    if conn.execute(select(o.id).where(o.parcel_id == parcel_id, o.status.in_(PENDING)).limit(1)).first():
        return False
    n = schema.notify_contacts.c
    return bool(conn.execute(delete(schema.notify_contacts).where(n.parcel_id == parcel_id)).rowcount)


#: the parcel has left the locker for good
FINAL = ("picked_up", "collected")


def on_extended(conn: Connection, site_id: str, parcel: dict[str, Any], now: datetime) -> None:
    """A hold extended by the backend (backend/pickup_windows.py; no op is pushed, so on_parcel does not
    see it): the reminder waits for the new deadline — one still pending is moved, one already sent or
    skipped (the parcel had expired) is queued again — and the recipient is told the new deadline."""
    deadline = parse_moment(str(parcel.get("expires_at") or ""))
    contact = _contact(conn, str(parcel["id"]))
    if contact is None or deadline is None:
        return
    again = f"@{parcel['expires_at']}"          # one message per deadline: a second extension tells again
    enqueue(conn, site_id, parcel, "extended", now, now, again=again)
    due = deadline - timedelta(hours=contact.reminder_hours)
    o = schema.notify_outbox.c
    pending = and_(o.parcel_id == str(parcel["id"]), o.template == "reminder", o.status.in_(PENDING))
    if due <= now:                               # the new deadline is nearer than the reminder: no reminder
        skip_pending(conn, str(parcel["id"]), ("reminder",), now)
    elif conn.execute(select(o.id).where(pending).limit(1)).first() is not None:
        conn.execute(update(schema.notify_outbox).where(pending).values(next_attempt_at=iso(due)))
    else:
        enqueue(conn, site_id, parcel, "reminder", due, now, again=again)


def on_parcel(conn: Connection, site_id: str, parcel: dict[str, Any], before: str | None, now: datetime) -> None:
    """The messages a parcel's change of status causes."""
    after = parcel.get("status")
    parcel_id = str(parcel["id"])
    if after == "deposited" and before in (None, "announced"):
        if parcel.get("kind") == "return":
            enqueue(conn, site_id, parcel, "return_dropped", now, now)
            return
        enqueue(conn, site_id, parcel, "deposited", now, now)
        contact = _contact(conn, parcel_id)
        deadline = parse_moment(str(parcel.get("expires_at") or ""))
        if contact is not None and deadline is not None:
            due = deadline - timedelta(hours=contact.reminder_hours)
            if due > now:
                enqueue(conn, site_id, parcel, "reminder", due, now)
    elif after == "expired" and before == "deposited":
        skip_pending(conn, parcel_id, ("reminder",), now)
        enqueue(conn, site_id, parcel, "expired", now, now)
    elif after == "collected" and before == "expired":
        enqueue(conn, site_id, parcel, "returned", now, now)
    if after in FINAL:
        skip_pending(conn, parcel_id, ("reminder",), now)
        forget_contact_when_done(conn, parcel_id)
