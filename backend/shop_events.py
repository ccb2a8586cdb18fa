"""Events for the shop (issue 18 §6): order packed / handed over, parcel deposited / picked up /
expired / returned; a return received at the warehouse and graded (issue 19 §4).

They are written in the push transaction of the op that caused them — a push that rolls back leaves
no event, a committed op always has its event — with an id made from the terminal, the op and the
event's subject, so the same op can never make two events (a re-applied or re-sent op finds its
event there). The delivery worker (backend/delivery.py) posts each one to the shop's endpoint signed
per the Standard Webhooks spec, with `webhook-id` = the event id for the shop to dedupe by; a shop
that missed some reads them in order from GET /v1/events?after=<cursor> (backend/events_api.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from backend import schema
from backend.changes import EntityStore, dumps
from backend.handlers.returns import outcome
from backend.notify_outbox import iso, on_parcel

#: the ops that can change a parcel's or an order's status, and where the subject's key is
_PARCEL_OPS = ("ParcelDeposited", "ReturnDropped", "ParcelPickedUp", "ParcelCollected", "ParcelExpired",
               "ParcelHoldExtended")
_ORDER_OPS = ("PackageClosed", "PackagesHandedOver")
_RETURN_OPS = ("ReturnReceived", "ReturnCompleted")

_PARCEL_EVENTS = {"deposited": "parcel.deposited", "picked_up": "parcel.picked_up", "expired": "parcel.expired",
                  "collected": "parcel.returned"}
_ORDER_EVENTS = {"packed": "order.packed", "handed_over": "order.handed_over"}
_RETURN_EVENTS = {"received": "return.received", "graded": "return.graded"}
#: every event type a shop may receive
EVENT_TYPES = tuple(_PARCEL_EVENTS.values()) + tuple(_ORDER_EVENTS.values()) + tuple(_RETURN_EVENTS.values())

_PARCEL_FIELDS = ("tracking_number", "kind", "size_class", "status", "compartment_id", "announced_at",
                  "deposited_at", "expires_at", "picked_up_at", "expired_at", "collected_at")
_ORDER_FIELDS = ("external_id", "ref", "status", "packed_at", "handed_over_at", "cancelled_at")

Watched = dict[tuple[str, str], str | None]


def watch(store: EntityStore, name: str, args: dict[str, Any]) -> Watched:
    """The statuses, before the op runs, of the parcels and orders it may change."""
    keys: list[tuple[str, str]] = []
    if name in _PARCEL_OPS and args.get("parcel_id") is not None:
        keys.append(("parcel", str(args["parcel_id"])))
    elif name in _RETURN_OPS and args.get("return_id") is not None:
        keys.append(("return", str(args["return_id"])))
    elif name == "PackageClosed" and args.get("order_id") is not None:
        keys.append(("order", str(args["order_id"])))
    elif name == "PackagesHandedOver" and isinstance(args.get("package_ids"), list):
        for package_id in args["package_ids"]:
            package = store.get("package", str(package_id))
            if package and package.get("order_id"):
                keys.append(("order", str(package["order_id"])))
    watched: Watched = {}
    for entity, key in keys:
        row = store.get(entity, key)
        watched[(entity, key)] = row.get("status") if row else None
    return watched


def return_data(store: EntityStore, site_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """A return's event: its order, when it came and was graded, and (once graded) each line's grades."""
    order = store.get("order", str(row.get("order_id"))) or {}
    data = {"return_id": row["id"], "site_id": site_id, "order_id": row.get("order_id"),
            "external_id": order.get("external_id"), "ref": order.get("ref"), "scanned": row.get("scanned"),
            "received_at": row.get("received_at"), "graded_at": row.get("graded_at")}
    return {**data, "lines": outcome(store, row)} if row.get("status") == "graded" else data


def event_id(site_id: str, terminal_id: str, op_id: str, kind: str, key: str) -> str:
    digest = hashlib.sha256(f"{site_id}\0{terminal_id}\0{op_id}\0{kind}\0{key}".encode()).hexdigest()
    return f"evt_{digest[:32]}"


def record(conn: Connection, store: EntityStore, site_id: str, terminal_id: str, op_id: str, at: str,
           watched: Watched) -> int:
    """After the op ran: an event (and the recipient's messages) for every status it changed."""
    if not watched:
        return 0
    now = datetime.now(UTC)
    added = 0
    for (entity, key), before in watched.items():
        row = store.get(entity, key)
        after = row.get("status") if row else None
        if row is None or after == before:
            continue
        if entity == "parcel":
            on_parcel(conn, site_id, row, before, now)
            kind = _PARCEL_EVENTS.get(str(after))
            data = {"parcel_id": key, "site_id": site_id, **{f: row.get(f) for f in _PARCEL_FIELDS}}
        elif entity == "return":
            kind = _RETURN_EVENTS.get(str(after))
            data = return_data(store, site_id, row)
        else:
            kind = _ORDER_EVENTS.get(str(after))
            data = {"order_id": key, "site_id": site_id, **{f: row.get(f) for f in _ORDER_FIELDS}}
        if kind is None:
            continue
        added += add_event(conn, event_id(site_id, terminal_id, op_id, kind, key), site_id, kind,
                           {**data, "at": at}, now)
    return added


def add_event(conn: Connection, the_id: str, site_id: str, kind: str, data: dict[str, Any], now: datetime) -> int:
    """Store one event unless its id is there already; 1 when it was added."""
    e = schema.shop_events.c
    if conn.execute(select(e.id).where(e.event_id == the_id)).first() is not None:
        return 0
    payload = dumps({"type": kind, "timestamp": iso(now), "data": {"event_id": the_id, **data}})
    conn.execute(insert(schema.shop_events).values(event_id=the_id, site_id=site_id, type=kind, payload=payload,
                                                   created_at=iso(now), webhook_status="queued", attempts=0,
                                                   next_attempt_at=iso(now)))
    return 1
