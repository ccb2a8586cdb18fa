"""The marketplace side: orders (idempotent by external id, with cancellations) and parcel announcements."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Engine, insert, select, update

from backend import schema
from backend.auth import ensure_site, site_key
from backend.changes import EntityStore, dumps
from backend.models import OrderIn, ParcelIn
from backend.notify import Notifier
from backend.push import now_iso
from terminal.ids import new_id
from terminal.lockers import codes


class IntegrationError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _site_exists(conn: Any, site_id: str) -> bool:
    return conn.execute(select(schema.sites.c.id).where(schema.sites.c.id == site_id)).first() is not None


def upsert_order(engine: Engine, order: OrderIn) -> dict[str, str]:
    body = order.model_dump()
    body_hash = hashlib.sha256(dumps(body).encode()).hexdigest()
    x = schema.external_orders.c
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
        if known:
            order_id = known.order_id
            current = store.get("order", order_id) or {}
            if order.cancelled:
                if current.get("status") == "handed_over":
                    raise IntegrationError(409, "already_handed_over", "The order has already left the warehouse.")
                current.update(status="cancelled", cancelled_at=now)
                store.upsert("order", current)
                conn.execute(update(schema.external_orders).where(
                    x.site_id == order.site_id, x.external_id == order.external_id).values(body_hash=body_hash))
                store.flush()
                return {"order_id": order_id, "status": "cancelled", "result": "cancelled"}
            if current.get("status") != "open":
                raise IntegrationError(409, "order_in_progress",
                                       f"The order is already {current.get('status')}; it can only be cancelled.")
            for old_line in [row for row in store.all("order_line") if row.get("order_id") == order_id]:
                store.delete("order_line", old_line["id"])
            result = "updated"
        else:
            order_id = new_id()
            current = {"created_at": now, "status": "open"}
            conn.execute(insert(schema.external_orders).values(site_id=order.site_id, external_id=order.external_id,
                                                               order_id=order_id, body_hash=body_hash))
            result = "created"
        r = order.recipient
        data = {**current, "id": order_id, "ref": order.ref or order.external_id, "external_id": order.external_id,
                "site_id": order.site_id, "service": order.service, "carrier_code": order.carrier_code,
                "delivery_method": order.delivery_method, "destination_locker": order.destination_locker,
                "recipient_name": r.name, "recipient_street": r.street, "recipient_postcode": r.postcode,
                "recipient_city": r.city, "recipient_phone": r.phone, "recipient_email": r.email,
                "promised_date": order.promised_date, "ship_by": order.ship_by}
        if order.cancelled:
            data.update(status="cancelled", cancelled_at=now)
        store.upsert("order", data)
        for line_no, line in enumerate(order.lines, start=1):
            store.upsert("order_line", {"id": new_id(), "order_id": order_id, "line_no": line_no,
                                        "sku_code": line.sku_code, "qty": line.qty, "picked_qty": 0,
                                        "short_qty": 0, "packed_qty": 0})
        if known:
            conn.execute(update(schema.external_orders).where(
                x.site_id == order.site_id, x.external_id == order.external_id).values(body_hash=body_hash))
        store.flush()
        return {"order_id": order_id, "status": data["status"], "result": "cancelled" if order.cancelled else result}


def announce_parcel(engine: Engine, parcel: ParcelIn, notifier: Notifier) -> dict[str, str]:
    """Make the pickup code and QR token, keep only their HMACs, and send them to the recipient."""
    x = schema.external_parcels.c
    with engine.begin() as conn:
        if not _site_exists(conn, parcel.site_id):
            raise IntegrationError(404, "unknown_site", f"There is no site {parcel.site_id}.")
        known = conn.execute(select(x.parcel_id).where(
            x.site_id == parcel.site_id, x.tracking_number == parcel.tracking_number)).first()
        if known:
            return {"parcel_id": known.parcel_id, "result": "existing"}
        ensure_site(conn, parcel.site_id, kind="locker")
        key = site_key(conn, parcel.site_id)
        code, token = codes.new_pickup_code(), codes.new_qr_token()
        parcel_id = new_id()
        phone = codes.normalise_phone(parcel.recipient_phone)
        store = EntityStore(conn, parcel.site_id)
        store.upsert("parcel", {
            "id": parcel_id, "site_id": parcel.site_id, "tracking_number": parcel.tracking_number,
            "kind": parcel.kind, "size_class": parcel.size_class, "recipient_phone_hmac": codes.phone_hmac(key, phone),
            "phone_last4": phone[-4:], "code_hmac": codes.code_hmac(key, phone, code),
            "qr_hmac": codes.token_hmac(key, token), "return_code_hmac": None, "status": "announced",
            "compartment_id": None, "courier_id": None, "announced_at": now_iso(), "deposited_at": None,
            "expires_at": None, "picked_up_at": None, "expired_at": None, "collected_at": None})
        conn.execute(insert(schema.external_parcels).values(site_id=parcel.site_id,
                                                            tracking_number=parcel.tracking_number,
                                                            parcel_id=parcel_id))
        notifier.send(conn, parcel.site_id, phone,
                      f"Your parcel {parcel.tracking_number} is on its way to the locker. "
                      f"Pickup code: {code}. QR: {token}")
        store.flush()
        return {"parcel_id": parcel_id, "result": "created"}
