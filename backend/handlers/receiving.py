"""Server side of receiving and putaway: the same entities and the same stock movements, in the same
order and under the same ids, as terminal/inventory/receiving_ops.py.

The plate, the receipt and the putaway are facts: nothing here refuses them. What the server cannot
place (a putaway of a line it never heard of, a line put away twice by two stations) is raised for a
supervisor and changes nothing, so the books move only once per physical move."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.stock import move
from terminal.inventory.ledger import movement_id
from terminal.inventory.receiving import DOCK


def _inbound(ctx: ServerContext, inbound_id: str) -> dict[str, Any] | None:
    return ctx.store.get("inbound", inbound_id)


@handler("InboundOpened")
def inbound_opened(ctx: ServerContext, args: Args) -> None:
    if _inbound(ctx, args["inbound_id"]) is not None:
        return
    ctx.store.upsert("inbound", {"id": args["inbound_id"], "ref": args["ref"].strip(),
                                 "supplier": args.get("supplier") or None, "source": "unannounced",
                                 "status": "receiving", "expected_at": None, "created_at": ctx.at,
                                 "started_at": ctx.at, "closed_at": None, "closed_by": None})


@handler("LicencePlateOpened")
def licence_plate_opened(ctx: ServerContext, args: Args) -> None:
    if ctx.store.get("licence_plate", args["lpn"]) is not None:
        ctx.raise_exception("lpn_reused", f"Licence plate {args['lpn']} was opened twice.",
                            details={"lpn": args["lpn"], "inbound_id": args["inbound_id"]})
        return
    ctx.store.upsert("licence_plate", {"code": args["lpn"], "inbound_id": args["inbound_id"], "created_at": ctx.at,
                                       "created_by": args.get("user_id")})
    delivery = _inbound(ctx, args["inbound_id"])
    if delivery is None:
        ctx.raise_exception("unknown_inbound", f"Licence plate {args['lpn']} names a delivery the server does not"
                            f" know.", details={"lpn": args["lpn"], "inbound_id": args["inbound_id"]})
    elif delivery.get("status") == "announced":
        delivery.update(status="receiving", started_at=delivery.get("started_at") or ctx.at)
        ctx.store.upsert("inbound", delivery)


def ensure_dock(ctx: ServerContext) -> None:
    """The DOCK pseudo-location as the terminal makes it (terminal/inventory/receiving_ops.py)."""
    if ctx.store.get("location", DOCK) is not None:
        return
    layouts = ctx.store.all("layout")
    ctx.store.upsert("location", {"code": DOCK, "layout_id": layouts[0]["id"] if layouts else "", "zone": DOCK,
                                  "aisle": 0, "bay": 0, "level": 0, "side": "L", "active": 0})


@handler("ItemsReceived")
def items_received(ctx: ServerContext, args: Args) -> None:
    if ctx.store.get("receipt_line", args["receipt_line_id"]) is not None:
        return
    ensure_dock(ctx)
    ctx.store.upsert("receipt_line", {
        "id": args["receipt_line_id"], "inbound_id": args["inbound_id"], "lpn": args["lpn"],
        "sku_code": args["sku_code"], "qty": int(args["qty"]), "lot": args.get("lot"), "expiry": args.get("expiry"),
        "received_at": ctx.at, "received_by": args.get("user_id"), "location_code": None,
        "suggested_location": None, "put_away_at": None, "put_away_by": None})
    move(ctx, DOCK, args["sku_code"], int(args["qty"]), "receipt", ref_type="receipt_line",
         ref_id=args["receipt_line_id"], user_id=args.get("user_id"), lot=args.get("lot"), expiry=args.get("expiry"))


@handler("PutawayConfirmed")
def putaway_confirmed(ctx: ServerContext, args: Args) -> None:
    line = ctx.store.get("receipt_line", args["receipt_line_id"])
    details = {"receipt_line_id": args["receipt_line_id"], "location": args["location_code"]}
    if line is None:
        ctx.raise_exception("putaway_conflict", "A putaway names a receipt line the server does not know.",
                            details=details)
        return
    if line.get("put_away_at"):
        ctx.raise_exception("putaway_conflict", f"Receipt line {line['id']} was put away twice (to "
                            f"{line.get('location_code')} and {args['location_code']}); count both locations.",
                            details=details)
        _undo_on_terminal(ctx, line, args["location_code"])
        return
    sku, qty = line["sku_code"], int(line["qty"])
    about: dict[str, Any] = {"ref_type": "receipt_line", "ref_id": line["id"], "user_id": args.get("user_id"),
                             "lot": line.get("lot"), "expiry": line.get("expiry")}
    move(ctx, DOCK, sku, -qty, "putaway", **about)
    move(ctx, args["location_code"], sku, qty, "putaway", **about)
    line.update(location_code=args["location_code"], suggested_location=args.get("suggested_location"),
                put_away_at=ctx.at, put_away_by=args.get("user_id"))
    ctx.store.upsert("receipt_line", line)


def _undo_on_terminal(ctx: ServerContext, line: dict[str, Any], location: str) -> None:
    """The second station's books moved the line again: re-send the server's rows (and drop the two
    movements it wrote) so that terminal converges on the one putaway the books hold."""
    ctx.store.refresh("receipt_line", line["id"])
    for where in (DOCK, location):
        ctx.store.refresh("inventory", f"{where}|{line['sku_code']}")
    for n in (1, 2):
        ctx.store.refresh("stock_movement", movement_id(ctx.op_id, n))


@handler("InboundClosed")
def inbound_closed(ctx: ServerContext, args: Args) -> None:
    delivery = _inbound(ctx, args["inbound_id"])
    if delivery is None or delivery.get("status") == "closed":
        return
    delivery.update(status="closed", closed_at=ctx.at, closed_by=args.get("user_id"))
    ctx.store.upsert("inbound", delivery)
