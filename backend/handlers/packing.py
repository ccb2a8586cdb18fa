"""Server side of packing: the same order and line effects as terminal/packing/ops.py.

The columns written are those in `OP_OWNED` (backend/handlers/orders.py). Packages are private to
the server (`package`, never pulled): a handover needs to know which order each package is for and
whether the order has any left. Ops that change no pulled entity (WeightMismatchRecorded,
ManifestClosed, the label ops) stay with the generic handler: kept in the ops log (the stats
mirror replays them), no entity effect.

A non-fact op the server refuses — packing an order the marketplace cancelled meanwhile — is
rejected with the terminal's rule and code, and the server's order is re-sent so the station's copy
converges. A recount is applied whatever the order's status: it only zeroes packed counts, and
refusing it could not undo the zeroing the station already did."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.orders import order_ref, remember, work
from terminal.ops import require

PACKABLE = ("picked",)


def _order(ctx: ServerContext, order_id: str) -> dict[str, Any]:
    order = ctx.store.get("order", str(order_id))
    require(order is not None, "unknown_order", f"Order {order_id} is not known on the server.")
    assert order is not None
    return order


def _packable(order: dict[str, Any]) -> None:
    status = str(order.get("status"))
    require(status in PACKABLE, "order_not_packable",
            f"Order {order_ref(order, order['id'])} is {status.replace('_', ' ')} and cannot be packed now.")


@handler("PackingStarted")
def packing_started(ctx: ServerContext, args: Args) -> None:
    _packable(_order(ctx, args["order_id"]))


@handler("UnitPacked")
def unit_packed(ctx: ServerContext, args: Args) -> None:
    line_id = str(args["line_id"])
    line = ctx.store.get("order_line", line_id)
    require(line is not None and line.get("order_id") == args["order_id"], "unknown_line",
            "That order line is not known on the server.")
    assert line is not None
    units = int(args["units"])
    require(units > 0, "bad_qty", "A packed unit count must be at least one.")
    line["packed_qty"] = int(line.get("packed_qty") or 0) + units
    ctx.store.upsert("order_line", line)
    remember(ctx, str(args["order_id"]), "lines", line_id)


@handler("PackingRecounted")
def packing_recounted(ctx: ServerContext, args: Args) -> None:
    order_id = str(_order(ctx, args["order_id"])["id"])
    for line_id in work(ctx, order_id)["lines"]:   # only lines an op touched can have packed units
        line = ctx.store.get("order_line", line_id)
        if line is not None and line.get("packed_qty"):
            line["packed_qty"] = 0
            ctx.store.upsert("order_line", line)


@handler("PackageClosed")
def package_closed(ctx: ServerContext, args: Args) -> None:
    order = _order(ctx, args["order_id"])
    _packable(order)
    lines = [ctx.store.get("order_line", line_id) for line_id in work(ctx, order["id"])["lines"]]
    open_lines = sum(1 for line in lines
                     if line and int(line.get("packed_qty") or 0) < int(line.get("picked_qty") or 0))
    require(open_lines == 0, "not_verified", f"Order {order_ref(order, order['id'])} still has {open_lines} line(s) "
                                             f"not verified on the server.")
    package_id = str(args["package_id"])
    ctx.store.upsert("package", {"id": package_id, "order_id": order["id"], "sscc": str(args["sscc"]),
                                 "tracking_number": args.get("tracking_number"), "handed_over_at": None},
                     key=package_id)
    remember(ctx, order["id"], "packages", package_id)
    order.update(status="packed", packed_at=ctx.at)
    ctx.store.upsert("order", order)


@handler("PackagesHandedOver")
def packages_handed_over(ctx: ServerContext, args: Args) -> None:
    orders: set[str] = set()
    for package_id in args["package_ids"]:
        package = ctx.store.get("package", str(package_id))
        if package is None:        # a fact: the parcel left; the server never saw it packed
            ctx.raise_exception("unknown_package", f"Package {package_id} was handed over, but the server never saw "
                                "it packed.", details={"package_id": package_id})
            continue
        if not package.get("handed_over_at"):
            package["handed_over_at"] = ctx.at
            ctx.store.upsert("package", package, key=package["id"])
        if args.get("label_override_by"):     # the terminal's supervisor let it go without a printed label
            ctx.raise_exception("unlabelled_handover", f"Package {package.get('tracking_number', package_id)} was "
                                "handed over although its label never printed; a supervisor let it go.",
                                details={"package_id": package_id, "override_by": args["label_override_by"]})
        orders.add(package["order_id"])
    for order_id in sorted(orders):
        packages = [ctx.store.get("package", p) for p in work(ctx, order_id)["packages"]]
        if any(p and not p.get("handed_over_at") for p in packages):
            continue
        order = ctx.store.get("order", order_id)
        if order is None:
            continue
        if order.get("status") in ("packed", "handed_over"):
            order.update(status="handed_over", handed_over_at=order.get("handed_over_at") or ctx.at)
            ctx.store.upsert("order", order)
        else:
            ctx.raise_exception("handover_conflict",
                                f"Order {order_ref(order, order_id)} was handed over to the carrier while it is "
                                f"{order.get('status')} on the server.", details={"order_id": order_id})
