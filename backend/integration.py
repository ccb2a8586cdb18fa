"""The marketplace side: orders (idempotent by external id, with cancellations) and parcel announcements."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select, update

from backend import schema
from backend.auth import site_key
from backend.changes import EntityStore, dumps
from backend.models import OrderIn, ParcelIn
from backend.notify import DEFAULT_RETENTION, NotificationFailed, Notifier, notify, purge_notifications
from backend.notify_outbox import enqueue
from backend.notify_seal import Contact
from backend.push import now_iso
from terminal.ids import new_id
from terminal.lockers import codes

if TYPE_CHECKING:
    from backend.delivery import Delivery


class IntegrationError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.extra: dict[str, Any] = {}   # more fields for the error answer (a full locker's alternative)


def _site_exists(conn: Any, site_id: str) -> bool:
    return conn.execute(select(schema.sites.c.id).where(schema.sites.c.id == site_id)).first() is not None


#: order columns only the marketplace sets; a re-sent order may change these and nothing else
HEADER = ("ref", "service", "carrier_code", "delivery_method", "destination_locker", "recipient_name",
          "recipient_street", "recipient_postcode", "recipient_city", "recipient_phone", "recipient_email",
          "promised_date", "ship_by")
#: past these the parcel is closed (and labelled), so a late change needs a person, not a row update
AFTER_PACK = ("packed", "handed_over")


def _header(order: OrderIn) -> dict[str, Any]:
    r = order.recipient
    return {"ref": order.ref or order.external_id, "external_id": order.external_id, "site_id": order.site_id,
            "service": order.service, "carrier_code": order.carrier_code, "delivery_method": order.delivery_method,
            "destination_locker": order.destination_locker, "recipient_name": r.name,
            "recipient_street": r.street, "recipient_postcode": r.postcode, "recipient_city": r.city,
            "recipient_phone": r.phone, "recipient_email": r.email, "promised_date": order.promised_date,
            "ship_by": order.ship_by}


def _raise_for_supervisor(conn: Any, site_id: str, body_hash: str, kind: str, message: str,
                          details: dict[str, Any]) -> None:
    """An exception for a supervisor, once per request body (a retried request raises nothing new):
    `op_id` holds the body's hash, as an op's id names the op it came from."""
    e = schema.exceptions.c
    if conn.execute(select(e.id).where(e.site_id == site_id, e.kind == kind, e.op_id == body_hash)).first():
        return
    conn.execute(insert(schema.exceptions).values(site_id=site_id, terminal_id=None, op_id=body_hash, kind=kind,
                                                  message=message, details=dumps(details), raised_at=now_iso(),
                                                  status="open"))


def _lines_of(store: EntityStore, order_id: str) -> list[dict[str, Any]]:
    return sorted((row for row in store.all("order_line") if row.get("order_id") == order_id),
                  key=lambda row: int(row.get("line_no") or 0))


def _late_change(conn: Any, store: EntityStore, order: OrderIn, body_hash: str,
                 current: dict[str, Any]) -> tuple[str, IntegrationError | None]:
    """A re-sent order the warehouse has started on: the rule of docs/PROTOCOL.md ("Orders re-sent
    after work started"). Returns (result, error to answer after the transaction commits)."""
    status, ref = str(current.get("status")), current.get("ref") or order.external_id
    details = {"order_id": current["id"], "ref": ref, "external_id": order.external_id, "status": status}
    if order.cancelled:
        if status in AFTER_PACK:
            _raise_for_supervisor(conn, order.site_id, body_hash, "cancelled_after_pack",
                                  f"The marketplace cancelled order {ref}, which is already {status.replace('_', ' ')};"
                                  f" stop or recall the parcel.", details)
            code = "already_handed_over" if status == "handed_over" else "already_packed"
            return "", IntegrationError(409, code, f"Order {ref} is already {status.replace('_', ' ')}; the "
                                                   f"cancellation was passed to a supervisor.")
        current.update(status="cancelled", cancelled_at=now_iso())
        store.upsert("order", current)
        return "cancelled", None
    lines = [(row["sku_code"], int(row["qty"])) for row in _lines_of(store, current["id"])]
    if status == "cancelled" or lines != [(line.sku_code, line.qty) for line in order.lines]:
        return "", IntegrationError(409, "order_in_progress", f"The order is already {status}; its lines cannot "
                                                              f"change any more, it can only be cancelled.")
    header = _header(order)
    if status == "handed_over":
        _raise_for_supervisor(conn, order.site_id, body_hash, "changed_after_pack",
                              f"The marketplace changed order {ref} after it was handed over.", details)
        return "", IntegrationError(409, "already_handed_over", f"Order {ref} has already left the warehouse; "
                                                                f"the change was passed to a supervisor.")
    if status in AFTER_PACK and any(current.get(k) != header[k] for k in HEADER):
        _raise_for_supervisor(conn, order.site_id, body_hash, "changed_after_pack",
                              f"The marketplace changed order {ref} after it was packed; check and relabel the "
                              f"parcel.", {**details, "changed": [k for k in HEADER if current.get(k) != header[k]]})
    current.update(header)          # status, picked/packed/handed-over times and the lines stay
    store.upsert("order", current)
    return "updated", None


def upsert_order(engine: Engine, order: OrderIn) -> dict[str, str]:
    body = order.model_dump()
    body_hash = hashlib.sha256(dumps(body).encode()).hexdigest()
    x = schema.external_orders.c
    late_error: IntegrationError | None = None
    with engine.begin() as conn:
        if not _site_exists(conn, order.site_id):
            raise IntegrationError(404, "unknown_site", f"There is no site {order.site_id}.")
        store = EntityStore(conn, order.site_id)
        known = conn.execute(select(x.order_id, x.body_hash).where(
            x.site_id == order.site_id, x.external_id == order.external_id)).first()
        if known and known.body_hash == body_hash:
            current = store.get("order", known.order_id) or {}
            return {"order_id": known.order_id, "status": current.get("status", "open"), "result": "unchanged"}
        if not store.get("carrier", order.carrier_code):
            raise IntegrationError(422, "unknown_carrier", f"Carrier {order.carrier_code} is not known at this site.")
        for line in order.lines:
            if not store.get("sku", line.sku_code):
                raise IntegrationError(422, "unknown_sku", f"SKU {line.sku_code} is not known at this site.")
        now = now_iso()
        current = (store.get("order", known.order_id) or {"id": known.order_id}) if known else {}
        if known and (order.cancelled or current.get("status", "open") != "open"):
            result, late_error = _late_change(conn, store, order, body_hash, current)
            if late_error is None:
                conn.execute(update(schema.external_orders).where(
                    x.site_id == order.site_id, x.external_id == order.external_id).values(body_hash=body_hash))
            store.flush()
        else:
            result, data = _write_open_order(conn, store, order, body_hash, known, current, now)
            store.flush()
            return {"order_id": data["id"], "status": data["status"], "result": result}
    if late_error is not None:
        raise late_error        # after COMMIT: the supervisor's exception is kept
    return {"order_id": current["id"], "status": current["status"], "result": result}


def _write_open_order(conn: Any, store: EntityStore, order: OrderIn, body_hash: str, known: Any,
                      current: dict[str, Any], now: str) -> tuple[str, dict[str, Any]]:
    """A new order, or one no terminal has started on: the header and the lines as sent. A line keeps
    its id when its number stays, so a terminal's copy (and any op naming it) still matches."""
    x = schema.external_orders.c
    if known:
        order_id, result = known.order_id, "updated"
        old_lines = {int(row["line_no"]): row for row in _lines_of(store, order_id)}
        conn.execute(update(schema.external_orders).where(
            x.site_id == order.site_id, x.external_id == order.external_id).values(body_hash=body_hash))
    else:
        order_id, result, old_lines = new_id(), "created", {}
        # every lifecycle column present (as null), so a re-sent row can also clear a terminal's value
        current = {"created_at": now, "status": "open", "picked_at": None, "packed_at": None,
                   "handed_over_at": None, "cancelled_at": None}
        conn.execute(insert(schema.external_orders).values(site_id=order.site_id, external_id=order.external_id,
                                                           order_id=order_id, body_hash=body_hash))
    data = {**current, **_header(order), "id": order_id}
    if order.cancelled:
        data.update(status="cancelled", cancelled_at=now)
        result = "cancelled"
    store.upsert("order", data)
    for line_no, line in enumerate(order.lines, start=1):
        kept = old_lines.pop(line_no, None)
        store.upsert("order_line", {"picked_qty": 0, "short_qty": 0, "packed_qty": 0, **(kept or {}),
                                    "id": kept["id"] if kept else new_id(), "order_id": order_id,
                                    "line_no": line_no, "sku_code": line.sku_code, "qty": line.qty})
    for gone in old_lines.values():
        store.delete("order_line", gone["id"])
    return result, data


#: a parcel whose recipient still needs its code
WAITING = ("announced", "deposited")


class _Redirect(Exception):
    """The locker is full and the announcement allows a redirect: announce it again at `site_id`."""

    def __init__(self, site_id: str) -> None:
        super().__init__(site_id)
        self.site_id = site_id


def announce_parcel(engine: Engine, parcel: ParcelIn, notifier: Notifier,
                    retention: timedelta = DEFAULT_RETENTION, *, now: datetime | None = None,
                    delivery: Delivery | None = None) -> dict[str, Any]:
    """Make the pickup code and QR token, keep only their HMACs, and send them to the recipient —
    now through `notifier`, or, with a `delivery` configured, sealed until the parcel is deposited
    (the delivery worker sends them then, backend/delivery.py).

    A parcel announced again after `rotate-site-key` while still waiting gets new codes under the
    new key ("reissued"); otherwise an announcement is idempotent by tracking number. A new parcel
    reserves a compartment size at its locker (backend/capacity.py); when none is left the answer is
    409 `locker_full` with the nearest locker with room, and the parcel goes there only when the
    announcement says `allow_redirect` (announced again there, under that locker's lock)."""
    moment = now or datetime.now(UTC)
    try:
        return _announce(engine, parcel, notifier, retention, moment, delivery, redirected_from=None)
    except _Redirect as redirect:
        moved = parcel.model_copy(update={"site_id": redirect.site_id})
        return _announce(engine, moved, notifier, retention, moment, delivery, redirected_from=parcel.site_id)


def _announce(engine: Engine, parcel: ParcelIn, notifier: Notifier, retention: timedelta, moment: datetime,
              delivery: Delivery | None, redirected_from: str | None) -> dict[str, Any]:
    from backend import capacity, pickup_windows

    x = schema.external_parcels.c
    with engine.begin() as conn:
        if not _site_exists(conn, parcel.site_id):
            raise IntegrationError(404, "unknown_site", f"There is no site {parcel.site_id}.")
        store = EntityStore(conn, parcel.site_id)   # the site's lock: one announcement of a number at a time
        purge_notifications(conn, retention)
        moved_to = None if redirected_from else capacity.redirected(conn, parcel.site_id, parcel.tracking_number)
        if moved_to is not None:     # sent again after it was redirected: where it went
            parcel_id = conn.execute(select(x.parcel_id).where(
                x.site_id == moved_to, x.tracking_number == parcel.tracking_number)).scalar_one()
            return {"parcel_id": parcel_id, "result": "existing", "site_id": moved_to,
                    "redirected_from": parcel.site_id}
        # where it went, said only when it was redirected (the answer is otherwise as before)
        placed = {"site_id": parcel.site_id, "redirected_from": redirected_from} if redirected_from else {}
        known = conn.execute(select(x.parcel_id, x.key_version).where(
            x.site_id == parcel.site_id, x.tracking_number == parcel.tracking_number)).first()
        version = conn.execute(select(schema.sites.c.key_version)
                               .where(schema.sites.c.id == parcel.site_id)).scalar_one()
        current = store.get("parcel", known.parcel_id) if known else None
        if known and (known.key_version >= version or (current or {}).get("status") not in WAITING):
            return {"parcel_id": known.parcel_id, "result": "existing", **placed}
        key = site_key(conn, parcel.site_id)
        code, token = codes.new_pickup_code(), codes.new_qr_token()
        phone = codes.normalise_phone(parcel.recipient_phone)
        hmacs = {"recipient_phone_hmac": codes.phone_hmac(key, phone), "phone_last4": phone[-4:],
                 "code_hmac": codes.code_hmac(key, phone, code), "qr_hmac": codes.token_hmac(key, token)}
        if known and current is not None:
            parcel_id, result = known.parcel_id, "reissued"
            store.upsert("parcel", {**current, **hmacs})
            conn.execute(update(schema.external_parcels).where(
                x.site_id == parcel.site_id, x.tracking_number == parcel.tracking_number).values(key_version=version))
        else:
            parcel_id, result = new_id(), "created"
            rules = pickup_windows.rules_for(conn, parcel.site_id, parcel.service)
            request = capacity.Request(parcel.size_class, moment, _expected(parcel, moment), rules.hold_hours)
            capacity.settle(conn, parcel.site_id, moment)
            if not capacity.has_room(conn, parcel.site_id, request):
                full = capacity.full_error(conn, parcel.site_id, request)
                if parcel.allow_redirect and redirected_from is None and full.extra["alternative"]:
                    raise _Redirect(full.extra["alternative"]["site_id"])
                raise full
            capacity.reserve(conn, parcel.site_id, redirected_from or parcel.site_id, parcel_id,
                             parcel.tracking_number, request)
            pickup_windows.record_window(conn, parcel_id, parcel.site_id, parcel.service)
            store.upsert("parcel", {
                "id": parcel_id, "site_id": parcel.site_id, "tracking_number": parcel.tracking_number,
                "kind": parcel.kind, "size_class": parcel.size_class, **hmacs, "return_code_hmac": None,
                "status": "announced", "compartment_id": None, "courier_id": None, "announced_at": now_iso(),
                "deposited_at": None, "expires_at": None, "picked_up_at": None, "expired_at": None,
                "collected_at": None, "hold_hours": rules.hold_hours})
            conn.execute(insert(schema.external_parcels).values(site_id=parcel.site_id,
                                                                tracking_number=parcel.tracking_number,
                                                                parcel_id=parcel_id, key_version=version))
        if delivery is not None:
            delivery.keep_contact(conn, parcel.site_id, parcel_id, Contact(
                phone=phone, email=parcel.recipient_email, code=code, token=token, language=parcel.language))
            if result == "reissued" and (current or {}).get("status") == "deposited":
                # the parcel is in the locker and its old code opens nothing now: send the new one
                now = datetime.now(UTC)
                enqueue(conn, parcel.site_id, {**(current or {}), "id": parcel_id}, "deposited", now, now,
                        again=f":key{version}")
            store.flush()
            return {"parcel_id": parcel_id, "result": result, **placed}
        try:
            notify(conn, notifier, parcel.site_id, phone, "parcel_announced",
                   values={"tracking_number": parcel.tracking_number}, secrets={"code": code, "token": token})
        except NotificationFailed as exc:
            # nothing is committed: the announcement can simply be sent again
            raise IntegrationError(503, "notification_failed",
                                   f"The recipient could not be notified ({exc}); announce the parcel again.") from None
        store.flush()
        return {"parcel_id": parcel_id, "result": result, **placed}


def _expected(parcel: ParcelIn, moment: datetime) -> datetime:
    """When the parcel should be deposited: as announced (never before now), else a day from now."""
    from backend.capacity import DEFAULT_LEAD
    from terminal.clock import parse_iso

    if parcel.expected_deposit_at is None:
        return moment + DEFAULT_LEAD
    return max(parse_iso(parcel.expected_deposit_at), moment)
