"""Receiving and putaway operations (read side and the DOCK convention: receiving.py).

`LicencePlateOpened`, `ItemsReceived` and `PutawayConfirmed` are facts — a label was printed, units
stand on the dock, units stand on a shelf — so the server never rejects them; it applies them as far
as it can and raises what does not fit for a supervisor (backend/handlers/receiving.py does the same
moves, in the same order, under the same ids). Every id is made here and travels in the args."""

from __future__ import annotations

from collections.abc import Iterable

from terminal.inventory.ledger import move
from terminal.inventory.receiving import DOCK
from terminal.opargs import Day, Id, OpArgs, Text, Units
from terminal.ops import Args, Key, OpContext, operation, require

STATION = ("station",)


class InboundOpenedArgs(OpArgs):
    inbound_id: Id
    ref: Text
    supplier: Text = ""
    user_id: Id | None = None


class LicencePlateOpenedArgs(OpArgs):
    lpn: Id
    inbound_id: Id
    user_id: Id | None = None


class ItemsReceivedArgs(OpArgs):
    receipt_line_id: Id
    inbound_id: Id
    lpn: Id
    sku_code: Id
    qty: Units
    lot: Text | None = None
    expiry: Day | None = None
    user_id: Id | None = None


class PutawayConfirmedArgs(OpArgs):
    receipt_line_id: Id
    location_code: Id
    suggested_location: Id | None = None
    user_id: Id | None = None


class InboundClosedArgs(OpArgs):
    inbound_id: Id
    user_id: Id | None = None


def _inbound_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("inbound", args["inbound_id"])]


def _plate_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("licence_plate", args["lpn"]), ("inbound", args["inbound_id"])]


def _received_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("receipt_line", args["receipt_line_id"]), ("inventory", f"{DOCK}|{args['sku_code']}"),
            ("location", DOCK)]


def _putaway_writes(args: Args, result: Args) -> Iterable[Key]:
    sku = result.get("sku_code")
    return [("receipt_line", args["receipt_line_id"]),
            ("inventory", f"{DOCK}|{sku}" if sku else None),
            ("inventory", f"{args['location_code']}|{sku}" if sku else None)]


@operation("InboundOpened", args=InboundOpenedArgs, roles=STATION, footprint=_inbound_writes)
def inbound_opened(ctx: OpContext, args: Args) -> Args:
    """{inbound_id, ref, supplier, user_id}: a delivery nobody announced arrived; the stocker starts
    its receipt from the delivery note (or the supplier's name)."""
    ref = args["ref"].strip()
    require(ref, "no_reference", "A delivery needs its delivery note number or the supplier's name.")
    require(not ctx.one("SELECT 1 FROM inbound_deliveries WHERE id = ?", (args["inbound_id"],)),
            "inbound_exists", "That delivery has been started already.")
    ctx.db.execute("INSERT INTO inbound_deliveries (id, ref, supplier, source, status, expected_at, created_at,"
                   " started_at, closed_at, closed_by) VALUES (?, ?, ?, 'unannounced', 'receiving', NULL, ?, ?,"
                   " NULL, NULL)", (args["inbound_id"], ref, args.get("supplier") or None, ctx.at, ctx.at))
    return {"inbound_id": args["inbound_id"]}


@operation("LicencePlateOpened", args=LicencePlateOpenedArgs, fact=True, roles=STATION, footprint=_plate_writes)
def licence_plate_opened(ctx: OpContext, args: Args) -> Args:
    """{lpn, inbound_id, user_id}: a pallet or tote of the delivery got its licence plate label."""
    require(ctx.one("SELECT 1 FROM inbound_deliveries WHERE id = ?", (args["inbound_id"],)),
            "unknown_inbound", "That delivery is not known here.")
    require(not ctx.one("SELECT 1 FROM licence_plates WHERE code = ?", (args["lpn"],)),
            "lpn_exists", f"Licence plate {args['lpn']} is in use already.", args["lpn"])
    ctx.db.execute("INSERT INTO licence_plates (code, inbound_id, created_at, created_by) VALUES (?, ?, ?, ?)",
                   (args["lpn"], args["inbound_id"], ctx.at, args.get("user_id")))
    ctx.db.execute("UPDATE inbound_deliveries SET status = 'receiving', started_at = coalesce(started_at, ?)"
                   " WHERE id = ? AND status = 'announced'", (ctx.at, args["inbound_id"]))
    return {"lpn": args["lpn"]}


def ensure_dock(ctx: OpContext) -> None:
    """The DOCK pseudo-location, made by the first receipt: inactive, so nobody picks from it."""
    if ctx.one("SELECT 1 FROM locations WHERE code = ?", (DOCK,)):
        return
    layout = ctx.one("SELECT id FROM layouts ORDER BY id LIMIT 1")
    require(layout, "no_layout", "This site has no warehouse layout yet; sync before receiving.")
    ctx.db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side, active)"
                   " VALUES (?, ?, ?, 0, 0, 0, 'L', 0)", (DOCK, layout[0], DOCK))


@operation("ItemsReceived", args=ItemsReceivedArgs, fact=True, roles=STATION, footprint=_received_writes)
def items_received(ctx: OpContext, args: Args) -> Args:
    """{receipt_line_id, inbound_id, lpn, sku_code, qty, lot, expiry, user_id}: qty units of the SKU
    were counted onto the licence plate; they stand on the dock (ledger kind `receipt`)."""
    sku = args["sku_code"]
    require(ctx.one("SELECT 1 FROM skus WHERE code = ?", (sku,)), "unknown_sku", f"SKU {sku} is not known here.", sku)
    plate = ctx.one("SELECT inbound_id FROM licence_plates WHERE code = ?", (args["lpn"],))
    require(plate and plate[0] == args["inbound_id"], "unknown_lpn",
            f"Licence plate {args['lpn']} does not belong to this delivery.", args["lpn"])
    require(not ctx.one("SELECT 1 FROM receipt_lines WHERE id = ?", (args["receipt_line_id"],)),
            "line_exists", "That receipt line is recorded already.")
    ensure_dock(ctx)
    ctx.db.execute(
        "INSERT INTO receipt_lines (id, inbound_id, lpn, sku_code, qty, lot, expiry, received_at, received_by,"
        " location_code, suggested_location, put_away_at, put_away_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL,"
        " NULL, NULL, NULL)",
        (args["receipt_line_id"], args["inbound_id"], args["lpn"], sku, int(args["qty"]), args.get("lot"),
         args.get("expiry"), ctx.at, args.get("user_id")))
    move(ctx, DOCK, sku, int(args["qty"]), "receipt", ref_type="receipt_line", ref_id=args["receipt_line_id"],
         user_id=args.get("user_id"), lot=args.get("lot"), expiry=args.get("expiry"))
    return {"receipt_line_id": args["receipt_line_id"]}


@operation("PutawayConfirmed", args=PutawayConfirmedArgs, fact=True, roles=STATION, footprint=_putaway_writes)
def putaway_confirmed(ctx: OpContext, args: Args) -> Args:
    """{receipt_line_id, location_code, suggested_location, user_id}: the line's units left the dock
    for the scanned location (ledger kind `putaway`, out of DOCK and into the location)."""
    line = ctx.one("SELECT sku_code, qty, lot, expiry, put_away_at FROM receipt_lines WHERE id = ?",
                   (args["receipt_line_id"],))
    require(line, "unknown_line", "That receipt line is not known here.")
    sku, qty, lot, expiry, done = line
    require(done is None, "already_put_away", "Those units have been put away already.")
    target = args["location_code"]
    place = ctx.one("SELECT active FROM locations WHERE code = ?", (target,))
    require(place and place[0] == 1 and target != DOCK, "not_a_shelf",
            f"{target} is not a location goods can be put away to.", target)
    about = {"ref_type": "receipt_line", "ref_id": args["receipt_line_id"], "user_id": args.get("user_id"),
             "lot": lot, "expiry": expiry}
    move(ctx, DOCK, sku, -int(qty), "putaway", **about)
    move(ctx, target, sku, int(qty), "putaway", **about)
    ctx.db.execute("UPDATE receipt_lines SET location_code = ?, suggested_location = ?, put_away_at = ?,"
                   " put_away_by = ? WHERE id = ?", (target, args.get("suggested_location"), ctx.at,
                                                     args.get("user_id"), args["receipt_line_id"]))
    return {"sku_code": sku, "qty": int(qty)}


@operation("InboundClosed", args=InboundClosedArgs, roles=STATION, footprint=_inbound_writes)
def inbound_closed(ctx: OpContext, args: Args) -> Args:
    """{inbound_id, user_id}: the stocker finished receiving the delivery (what was over or under the
    ASN stays visible on its lines)."""
    row = ctx.one("SELECT status FROM inbound_deliveries WHERE id = ?", (args["inbound_id"],))
    require(row, "unknown_inbound", "That delivery is not known here.")
    require(row[0] != "closed", "inbound_closed", "That delivery has been closed already.")
    ctx.db.execute("UPDATE inbound_deliveries SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?",
                   (ctx.at, args.get("user_id"), args["inbound_id"]))
    return {}
