"""The delivery worker: sends the notification outbox and the shop's events, with retries (issue 18 §1, §6).

Each round claims what is due — `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several backend processes
share the work without sending a message twice; SQLite has one writer anyway — by moving its
`next_attempt_at` a lease ahead, and commits. Then it sends outside any transaction (an SMTP server
that hangs holds no lock) and writes the outcome: sent; retrying with exponential backoff; or, after
the last attempt, dead — which raises a supervisor exception (`notification_dead`, `webhook_dead`).
A process that dies mid-send leaves the lease to run out and the row is tried again: delivery is at
least once, and a shop dedupes by `webhook-id`.

Messages are rendered here, at send time, from the parcel as it is now and its opened contact; the
code exists in memory only for that moment. Log lines and the delivery log get the redacted text."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, and_, delete, insert, select, update
from standardwebhooks.webhooks import Webhook

from backend import schema
from backend.changes import EntityStore, dumps
from backend.notify import DEFAULT_RETENTION, mask, purge_notifications
from backend.notify_channels import AppriseChannel, Channel, ChannelFailed, EmailChannel, NoAddress, SmsChannel
from backend.notify_config import NotifyConfig
from backend.notify_outbox import FINAL, PENDING, forget_contact_when_done, iso, parse_moment
from backend.notify_seal import Contact, SealBroken, Sealer
from backend.notify_templates import deadline_text, redacted, render
from backend.site_time import site_zone

log = logging.getLogger("backend.delivery")

#: how long a claimed row is left to its sender before another round may take it again
LEASE = timedelta(minutes=2)
BATCH = 50


@dataclass
class Round:
    """What one round did (tests and logs)."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0
    events_sent: int = 0
    events_failed: int = 0


def _claim(conn: Connection, table: Any, status_column: Any, now: datetime) -> list[Any]:
    c = table.c
    query = (select(table).where(and_(status_column.in_(PENDING), c.next_attempt_at <= iso(now)))
             .order_by(c.next_attempt_at, c.id).limit(BATCH))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = conn.execute(query).all()
    if rows:
        conn.execute(update(table).where(c.id.in_([r.id for r in rows])).values(next_attempt_at=iso(now + LEASE)))
    return rows


def _raise_dead(conn: Connection, site_id: str, kind: str, ref: str, message: str, details: dict[str, Any],
                now: datetime) -> None:
    """The supervisor's exception, in the backend's exceptions beside those the integration routes
    raise (terminals do not pull these today: the exceptions table is the terminal's own, not synced)."""
    conn.execute(insert(schema.exceptions).values(site_id=site_id, terminal_id=None, op_id=ref, kind=kind,
                                                  message=message, details=dumps(details), raised_at=iso(now),
                                                  status="open"))


def _mask_email(address: str) -> str:
    """What the log may show of an address: its first letter and its domain."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


class Delivery:
    """The outbox's sender for one store; `run_once` is one round, `start` runs rounds in a thread."""

    def __init__(self, engine: Engine, config: NotifyConfig, key: bytes, *,
                 retention: timedelta = DEFAULT_RETENTION, channels: dict[str, Channel] | None = None) -> None:
        self.engine, self.config, self.sealer, self.retention = engine, config, Sealer(key), retention
        made: dict[str, Channel] = {}
        if config.email:
            made["email"] = EmailChannel(config.email)
        if config.sms:
            made["sms"] = SmsChannel(config.sms)
        if config.apprise:
            made["apprise"] = AppriseChannel(config.apprise)
        self.channels = channels if channels is not None else made
        self.webhook = Webhook(config.webhook.secret) if config.webhook else None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._round_lock = threading.Lock()

    # -- at announcement ---------------------------------------------------------------------------

    def keep_contact(self, conn: Connection, site_id: str, parcel_id: str, contact: Contact) -> None:
        """Seal the recipient's contact and codes until the parcel's messages are sent (replaces an
        older one: a re-issued code)."""
        n = schema.notify_contacts.c
        channels = ",".join(name for name in self.channels if name != "email" or contact.email)
        conn.execute(delete(schema.notify_contacts).where(n.parcel_id == parcel_id))
        conn.execute(insert(schema.notify_contacts).values(
            parcel_id=parcel_id, site_id=site_id, sealed=self.sealer.seal(contact), channels=channels,
            reminder_hours=self.config.reminder_hours, created_at=iso(datetime.now(UTC))))

    # -- the thread --------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="delivery", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)
            self._thread = None

    def kick(self) -> None:
        """Something may be due now (a push committed): do not wait for the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:   # the store away for a moment: the next round tries again
                log.exception("delivery round failed")
            self._wake.wait(self.config.poll_seconds)
            self._wake.clear()

    # -- one round ---------------------------------------------------------------------------------

    def run_once(self, now: datetime | None = None) -> Round:
        """Send what is due at `now` (default: the clock), once; safe to call from a test while the
        thread runs (rounds of one process take turns)."""
        with self._round_lock:
            moment = now or datetime.now(UTC)
            done = Round()
            with self.engine.begin() as conn:
                messages = _claim(conn, schema.notify_outbox, schema.notify_outbox.c.status, moment)
            for row in messages:
                self._deliver(row, moment, done)
            if self.webhook is not None and self.config.webhook is not None:
                with self.engine.begin() as conn:
                    events = _claim(conn, schema.shop_events, schema.shop_events.c.webhook_status, moment)
                for event in events:
                    self._post(event, moment, done)
            with self.engine.begin() as conn:
                purge_notifications(conn, self.retention, now=moment)
                o = schema.notify_outbox.c
                cutoff = iso(moment - self.retention)
                conn.execute(delete(schema.notify_outbox).where(
                    o.status.in_(("sent", "skipped")), o.finished_at <= cutoff))
            return done

    def _finish(self, row: Any, status: str, moment: datetime, error: str | None = None) -> None:
        o = schema.notify_outbox.c
        with self.engine.begin() as conn:
            conn.execute(update(schema.notify_outbox).where(o.id == row.id).values(
                status=status, finished_at=iso(moment), last_error=error))
            if status in ("sent", "skipped"):
                parcel = EntityStore(conn, row.site_id).get("parcel", row.parcel_id)
                if parcel is None or parcel.get("status") in FINAL:
                    forget_contact_when_done(conn, row.parcel_id)

    def _deliver(self, row: Any, moment: datetime, done: Round) -> None:
        with self.engine.begin() as conn:
            parcel = EntityStore(conn, row.site_id).get("parcel", row.parcel_id)
            n = schema.notify_contacts.c
            sealed = conn.execute(select(n.sealed).where(n.parcel_id == row.parcel_id)).scalar()
            zone = site_zone(conn, row.site_id)
        channel = self.channels.get(row.channel)
        reason = self._pointless(row, parcel, sealed, channel, moment)
        if reason is not None:
            if reason != "rescheduled":
                done.skipped += 1
                self._finish(row, "skipped", moment, reason)
            return
        assert parcel is not None and sealed is not None and channel is not None
        try:
            contact = self.sealer.open(sealed)
        except SealBroken as exc:
            self._failed(row, moment, str(exc), done, final=True)
            return
        language = self.config.language_of(row.site_id, contact.language)
        fields = {"tracking_number": str(parcel.get("tracking_number") or ""), "locker": row.site_id,
                  "deadline": deadline_text(parcel.get("expires_at"), zone), "code": contact.code,
                  "token": contact.token}
        text = render(row.template, language, fields)
        try:
            channel.send(contact.phone, contact.email, text, contact.token if row.template == "deposited" else None)
        except NoAddress as exc:
            done.skipped += 1
            self._finish(row, "skipped", moment, str(exc))
            return
        except ChannelFailed as exc:
            self._failed(row, moment, str(exc), done)
            return
        done.sent += 1
        shown = redacted(row.template, language, fields)
        recipient = _mask_email(contact.email or "") if row.channel == "email" else mask(contact.phone)
        log.info("%s %s to %s for parcel %s sent", row.channel, row.template, recipient, row.parcel_id)
        self._finish(row, "sent", moment)
        with self.engine.begin() as conn:
            conn.execute(insert(schema.notifications).values(
                site_id=row.site_id, channel=row.channel, template=row.template, recipient=recipient,
                body=f"{shown.subject}\n{shown.body}", created_at=row.created_at, delivered_at=iso(moment)))

    def _pointless(self, row: Any, parcel: dict[str, Any] | None, sealed: str | None, channel: Channel | None,
                   moment: datetime) -> str | None:
        """Why the message should not go now (None: send it); a reminder whose deadline moved is put
        off to the new time ("rescheduled")."""
        if parcel is None:
            return "the parcel is gone"
        if sealed is None:
            return "the recipient's contact is no longer kept"
        if channel is None:
            return f"the {row.channel} channel is not configured"
        if row.template == "extended":
            return None if parcel.get("status") == "deposited" else f"the parcel is {parcel.get('status')}"
        if row.template != "reminder":
            return None
        if parcel.get("status") != "deposited":
            return f"the parcel is {parcel.get('status')}"
        deadline = parse_moment(str(parcel.get("expires_at") or ""))
        n = schema.notify_contacts.c
        with self.engine.begin() as conn:
            hours = conn.execute(select(n.reminder_hours).where(n.parcel_id == row.parcel_id)).scalar() or 0.0
            if deadline is not None and deadline - timedelta(hours=hours) > moment + timedelta(seconds=1):
                o = schema.notify_outbox.c     # the hold was extended: remind before the new deadline
                conn.execute(update(schema.notify_outbox).where(o.id == row.id).values(
                    next_attempt_at=iso(deadline - timedelta(hours=hours))))
                return "rescheduled"
        return None

    def _failed(self, row: Any, moment: datetime, error: str, done: Round, *, final: bool = False) -> None:
        attempts = row.attempts + 1
        o = schema.notify_outbox.c
        dead = final or attempts >= self.config.retry.max_attempts
        with self.engine.begin() as conn:
            if dead:
                done.dead += 1
                conn.execute(update(schema.notify_outbox).where(o.id == row.id).values(
                    status="dead", attempts=attempts, last_error=error, finished_at=iso(moment)))
                _raise_dead(conn, row.site_id, "notification_dead", f"notify-{row.id}",
                            f"The {row.template.replace('_', ' ')} message for parcel {row.parcel_id} could not be "
                            f"sent by {row.channel} after {attempts} attempt(s) ({error}); tell the recipient "
                            "another way.", {"parcel_id": row.parcel_id, "template": row.template,
                                             "channel": row.channel, "attempts": attempts, "error": error}, moment)
            else:
                done.failed += 1
                conn.execute(update(schema.notify_outbox).where(o.id == row.id).values(
                    status="retrying", attempts=attempts, last_error=error,
                    next_attempt_at=iso(moment + timedelta(seconds=self.config.retry.delay(attempts)))))
        log.warning("%s %s for parcel %s not sent (attempt %d%s): %s", row.channel, row.template, row.parcel_id,
                    attempts, ", given up" if dead else "", error)

    # -- the shop's webhook ------------------------------------------------------------------------

    def _post(self, event: Any, moment: datetime, done: Round) -> None:
        assert self.webhook is not None and self.config.webhook is not None
        sent_at = datetime.now(UTC)
        headers = {"webhook-id": event.event_id, "webhook-timestamp": str(int(sent_at.timestamp())),
                   "webhook-signature": self.webhook.sign(event.event_id, sent_at, event.payload),
                   "content-type": "application/json"}
        error: str | None = None
        try:
            answer = httpx.post(self.config.webhook.url, content=event.payload.encode(), headers=headers,
                                timeout=self.config.webhook.timeout)
            if not 200 <= answer.status_code < 300:
                error = f"the shop answered {answer.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}"
        e = schema.shop_events.c
        attempts = event.attempts + 1
        with self.engine.begin() as conn:
            if error is None:
                done.events_sent += 1
                conn.execute(update(schema.shop_events).where(e.id == event.id).values(
                    webhook_status="sent", attempts=attempts, last_error=None))
                return
            done.events_failed += 1
            dead = attempts >= self.config.retry.max_attempts
            conn.execute(update(schema.shop_events).where(e.id == event.id).values(
                webhook_status="dead" if dead else "retrying", attempts=attempts, last_error=error,
                next_attempt_at=iso(moment + timedelta(seconds=self.config.retry.delay(attempts)))))
            if dead:
                _raise_dead(conn, event.site_id, "webhook_dead", event.event_id,
                            f"Event {event.type} ({event.event_id}) could not be posted to the shop after "
                            f"{attempts} attempt(s) ({error}); the shop can still read it from /v1/events.",
                            {"event_id": event.event_id, "type": event.type, "attempts": attempts}, moment)
        log.warning("event %s %s not posted (attempt %d): %s", event.type, event.event_id, attempts, error)
