"""Receiving and putaway as the station (and the simulator) drive them: each step one op through
`apply_op`, with the ids made here. The station page (ui/receiving) calls these on its database worker."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from terminal.clock import Clock
from terminal.ids import new_id
from terminal.inventory.receiving import Inbound, company_prefix, find_inbound, inbound, next_lpn
from terminal.ops import apply_op


def open_delivery(db: sqlite_utils.Database, text: str, user_id: str | None, *, clock: Clock | None = None) -> Inbound:
    """The delivery a scanned delivery note names; an unknown one starts an unannounced receipt."""
    text = text.strip()
    found = find_inbound(db, text)
    if found is not None and found.status != "closed":
        return found
    inbound_id = new_id()
    apply_op(db, "InboundOpened", {"inbound_id": inbound_id, "ref": text, "supplier": "", "user_id": user_id},
             clock=clock)
    made = inbound(db, inbound_id)
    assert made is not None
    return made


def open_plate(db: sqlite_utils.Database, inbound_id: str, user_id: str | None, *, terminal_no: int = 0,
               clock: Clock | None = None) -> str:
    """A new licence plate (pallet or tote) for the delivery; returns its SSCC."""
    lpn = next_lpn(db, company_prefix(db), terminal_no)
    apply_op(db, "LicencePlateOpened", {"lpn": lpn, "inbound_id": inbound_id, "user_id": user_id}, clock=clock)
    return lpn


def receive(db: sqlite_utils.Database, inbound_id: str, lpn: str, sku: str, qty: int, user_id: str | None, *,
            lot: str | None = None, expiry: date | str | None = None, clock: Clock | None = None) -> str:
    """`qty` units of `sku` counted onto the plate; returns the receipt line's id."""
    line_id = new_id()
    apply_op(db, "ItemsReceived", {
        "receipt_line_id": line_id, "inbound_id": inbound_id, "lpn": lpn, "sku_code": sku, "qty": qty,
        "lot": lot or None, "expiry": expiry.isoformat() if isinstance(expiry, date) else (expiry or None),
        "user_id": user_id}, clock=clock)
    return line_id


def put_away(db: sqlite_utils.Database, line_id: str, location: str, suggested: str | None, user_id: str | None, *,
             clock: Clock | None = None) -> None:
    apply_op(db, "PutawayConfirmed", {"receipt_line_id": line_id, "location_code": location,
                                      "suggested_location": suggested, "user_id": user_id}, clock=clock)


def close_delivery(db: sqlite_utils.Database, inbound_id: str, user_id: str | None, *,
                   clock: Clock | None = None) -> None:
    apply_op(db, "InboundClosed", {"inbound_id": inbound_id, "user_id": user_id}, clock=clock)
