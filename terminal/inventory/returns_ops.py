"""Returns at the warehouse (issue 19 §4): a returned parcel is received against its order, each item
is graded, the return is complete.

All three are facts (a parcel arrived, a unit went to a shelf, to quarantine or to the bin): the server
never rejects them; it raises what it cannot place for a supervisor (backend/handlers/returns.py does
the same moves under the same ids). Restocked and quarantined units go through the stock card
(`ledger.move`, kind `return`) so book stock stays the sum of its movements. Quarantine is a location
like any other — one in zone QUARANTINE (imported with `handoff import locations`) — so the ledger
stays one table and a quarantined unit is never picked by accident (pickers are sent to pick faces).

The terminal refuses, before anything is written, what a person can correct: an order line graded
beyond what was ordered (every return of the order counted), a restock into quarantine or a quarantine
anywhere else, a quarantine or disposal without a reason."""

from __future__ import annotations

from collections.abc import Iterable

from terminal.inventory.ledger import move
from terminal.opargs import Id, OpArgs, Text, Units
from terminal.ops import Args, Key, OpContext, operation, require

GRADES = ("restock", "quarantine", "dispose")
#: a location in this zone holds quarantined returns
QUARANTINE_ZONE = "QUARANTINE"
STATION = ("station",)


class ReturnReceivedArgs(OpArgs):
    return_id: Id
    order_id: Id
    scanned: Text = ""          # what found the order: a tracking number, an SSCC, the ref, a return code
    user_id: Id | None = None


class ReturnItemGradedArgs(OpArgs):
    return_id: Id
    sku_code: Id
    qty: Units
    grade: Text                 # one of GRADES
    line_id: Id | None = None   # the order line; None: an item that is not in the order
    location_code: Id | None = None
    reason: Text | None = None
    user_id: Id | None = None


class ReturnCompletedArgs(OpArgs):
    return_id: Id
    user_id: Id | None = None


def _graded_writes(args: Args, result: Args) -> Iterable[Key]:
    location = args.get("location_code")
    return [("inventory", f"{location}|{args['sku_code']}" if location else None)]


def _return(ctx: OpContext, return_id: str) -> tuple[str, str]:
    row = ctx.one("SELECT order_id, status FROM returns WHERE id = ?", (return_id,))
    require(row, "unknown_return", f"Return {return_id} is not known here.", return_id)
    return str(row[0]), str(row[1])


def graded_units(ctx: OpContext, line_id: str) -> int:
    """Units of an order line graded in every return of its order so far."""
    return int(ctx.one("SELECT coalesce(sum(qty), 0) FROM return_items WHERE line_id = ?", (line_id,))[0])


@operation("ReturnReceived", args=ReturnReceivedArgs, fact=True, roles=STATION)
def return_received(ctx: OpContext, args: Args) -> Args:
    """{return_id, order_id, scanned, user_id}: a returned parcel of the order is at the station."""
    order = ctx.one("SELECT ref FROM orders WHERE id = ?", (args["order_id"],))
    require(order, "unknown_order", f"Order {args['order_id']} is not known here.", args["order_id"])
    require(ctx.one("SELECT 1 FROM returns WHERE id = ?", (args["return_id"],)) is None, "return_exists",
            "That return has been received already.")
    ctx.db.execute("INSERT INTO returns (id, order_id, scanned, received_at, received_by) VALUES (?, ?, ?, ?, ?)",
                   (args["return_id"], args["order_id"], args.get("scanned") or "", ctx.at, args.get("user_id")))
    ctx.audit("return_received", user_id=args.get("user_id"), ref_type="order", ref_id=args["order_id"],
              details={"return_id": args["return_id"], "scanned": args.get("scanned") or ""})
    return {"order_ref": order[0]}


@operation("ReturnItemGraded", args=ReturnItemGradedArgs, fact=True, roles=STATION, footprint=_graded_writes)
def return_item_graded(ctx: OpContext, args: Args) -> Args:
    """{return_id, sku_code, qty, grade, line_id, location_code, reason, user_id}: units out of the parcel,
    inspected: back on a shelf, into quarantine, or disposed of (no stock moves)."""
    order_id, status = _return(ctx, args["return_id"])
    require(status == "received", "return_closed", "That return is complete already.")
    grade, sku, qty = args["grade"], args["sku_code"], int(args["qty"])
    require(grade in GRADES, "bad_grade", f"A returned item is graded {', '.join(GRADES)}.", grade)
    line_id = args.get("line_id")
    if line_id:
        line = ctx.one("SELECT sku_code, qty FROM order_lines WHERE id = ? AND order_id = ?", (line_id, order_id))
        require(line, "not_in_order", "That line is not in the returned order.", line_id)
        require(line[0] == sku, "wrong_sku", f"Line {line_id} is for {line[0]}, not {sku}.", line[0], sku)
        left = int(line[1]) - graded_units(ctx, line_id)
        require(qty <= left, "more_than_ordered",
                f"Only {left} × {sku} of this order can still come back; grade the rest as not in the order.",
                left, sku)
    reason = (args.get("reason") or "").strip() or None
    require(grade == "restock" or reason, "reason_needed", "Quarantine and disposal need a reason.")
    location = args.get("location_code")
    if grade == "dispose":
        require(not location, "dispose_no_location", "A disposed item goes to no location.")
    else:
        require(location, "location_needed", "Scan the location the item goes to.")
        place = ctx.one("SELECT zone FROM locations WHERE code = ? AND active = 1", (location,))
        require(place, "unknown_location", f"Location {location} is not known here.", location)
        quarantine = place[0] == QUARANTINE_ZONE
        require(grade == "quarantine" or not quarantine, "restock_in_quarantine",
                f"{location} is a quarantine location; restock to a shelf.", location)
        require(grade != "quarantine" or quarantine, "not_quarantine",
                f"{location} is not a quarantine location.", location)
    ctx.db.execute(
        "INSERT INTO return_items (id, return_id, line_id, sku_code, qty, grade, location_code, reason, graded_at,"
        " user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ctx.op_id, args["return_id"], line_id, sku, qty, grade, location, reason, ctx.at, args.get("user_id")))
    if location:
        move(ctx, location, sku, qty, "return", ref_type="return", ref_id=args["return_id"],
             user_id=args.get("user_id"), reason=reason)
    if not line_id:     # a unit the customer was never sent: the supervisor checks who it belongs to
        ref = ctx.one("SELECT ref FROM orders WHERE id = ?", (order_id,))
        ctx.raise_exception("return_not_in_order", "return_not_in_order", qty, sku, ref[0] if ref else order_id,
                            grade, ref_type="return", ref_id=args["return_id"], details={"sku": sku, "qty": qty})
    return {"grade": grade, "in_order": bool(line_id)}


@operation("ReturnCompleted", args=ReturnCompletedArgs, fact=True, roles=STATION)
def return_completed(ctx: OpContext, args: Args) -> Args:
    """{return_id, user_id}: every item of the parcel is graded; the shop learns the outcome."""
    _, status = _return(ctx, args["return_id"])
    require(status == "received", "return_closed", "That return is complete already.")
    ctx.db.execute("UPDATE returns SET status = 'graded', graded_at = ?, graded_by = ? WHERE id = ?",
                   (ctx.at, args.get("user_id"), args["return_id"]))
    items = ctx.one("SELECT count(*), coalesce(sum(qty), 0) FROM return_items WHERE return_id = ?",
                    (args["return_id"],))
    return {"items": int(items[0]), "units": int(items[1])}
