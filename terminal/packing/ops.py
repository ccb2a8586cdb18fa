"""Packing operations: verify units, close the package, record weight mismatches, hand over, close manifests.

`UnitPacked`, `WeightMismatchRecorded` and `PackagesHandedOver` are facts (a unit went into the box,
the scale showed a weight, the carrier took the parcels): the server never rejects them. Everything
needed to re-execute an op travels in its arguments, including the ids, tracking numbers and SSCCs
made on this terminal. The order's `packed_at` / status 'packed' and `handed_over_at` / status
'handed_over' are what the shift statistics read (terminal/stats/kpis.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from msgspec import Meta

from terminal.opargs import Count, Day, Grams, Id, OpArgs, Text
from terminal.ops import Args, Key, OpContext, operation, require
from terminal.packing.numbers import valid_sscc

PACKABLE = ("picked",)
STATION = ("station",)
PackageIds = Annotated[list[Id], Meta(max_length=1000)]


class PackingStartedArgs(OpArgs):
    order_id: Id
    packer_id: Id
    tote_code: Id | None = None


class UnitPackedArgs(OpArgs):
    order_id: Id
    line_id: Id
    units: Count
    sku_code: Id | None = None
    packer_id: Id | None = None


class PackingRecountedArgs(OpArgs):
    order_id: Id
    packer_id: Id | None = None


class WeightMismatchArgs(OpArgs):
    order_id: Id
    weight_g: Grams
    expected_weight_g: Grams
    tolerance_g: Grams
    packer_id: Id | None = None
    box_type: Id | None = None
    weight_source: Text | None = None


class PackageClosedArgs(OpArgs):
    package_id: Id
    order_id: Id
    box_type: Id
    tracking_number: Id
    sscc: Id
    weight_g: Grams
    expected_weight_g: Grams
    packer_id: Id
    weight_source: Text | None = None
    locker_size: Text | None = None
    override_by: Id | None = None


class HandedOverArgs(OpArgs):
    package_ids: PackageIds
    carrier_code: Id | None = None
    user_id: Id | None = None
    label_override_by: Id | None = None     # the supervisor who let a package go whose label never printed


class ManifestClosedArgs(OpArgs):
    manifest_id: Id
    carrier_code: Id
    day: Day
    package_ids: PackageIds
    user_id: Id | None = None


def _line_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("order_line", args["line_id"])]


def _order_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("order", args["order_id"]), *(("order_line", line) for line in result.get("line_ids", ()))]


def _handed_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("order", order_id) for order_id in result.get("orders_handed_over", ())]


def _order(ctx: OpContext, order_id: str) -> tuple[str, str, str]:
    row = ctx.one("SELECT id, ref, status FROM orders WHERE id = ?", (order_id,))
    require(row, "unknown_order", f"Order {order_id} is not known here.")
    return row[0], row[1], row[2]


@operation("PackingStarted", args=PackingStartedArgs, roles=STATION)
def packing_started(ctx: OpContext, args: Args) -> Args:
    """{order_id, packer_id, tote_code}: a packer took the order's tote (or order) at the station."""
    _, ref, status = _order(ctx, args["order_id"])
    require(status in PACKABLE, "order_not_packable", f"Order {ref} is {status.replace('_', ' ')} and cannot be "
                                                      f"packed now.", ref, status)
    require(ctx.one("SELECT 1 FROM users WHERE id = ?", (args["packer_id"],)), "unknown_user",
            f"Packer {args['packer_id']} is not known here.")
    ctx.audit("packing_started", user_id=args["packer_id"], ref_type="order", ref_id=args["order_id"],
              details={"tote": args.get("tote_code")})
    return {}


@operation("UnitPacked", args=UnitPackedArgs, fact=True, roles=STATION, footprint=_line_writes)
def unit_packed(ctx: OpContext, args: Args) -> Args:
    """{order_id, line_id, sku_code, units, packer_id}: the packer scanned `units` of the line into the box."""
    row = ctx.one("SELECT qty, packed_qty, sku_code FROM order_lines WHERE id = ? AND order_id = ?",
                  (args["line_id"], args["order_id"]))
    require(row, "unknown_line", "That order line is not known here.")
    units = int(args["units"])
    require(units > 0, "bad_qty", "A packed unit count must be at least one.")
    ctx.db.execute("UPDATE order_lines SET packed_qty = packed_qty + ? WHERE id = ?", (units, args["line_id"]))
    return {"packed_qty": int(row[1]) + units}


@operation("PackingRecounted", args=PackingRecountedArgs, roles=STATION, footprint=_order_writes)
def packing_recounted(ctx: OpContext, args: Args) -> Args:
    """{order_id, packer_id}: the weight did not match, so the packer counts every unit again from zero."""
    _, ref, status = _order(ctx, args["order_id"])
    require(status in PACKABLE, "order_not_packable", f"Order {ref} is {status.replace('_', ' ')}; nothing to recount.",
            ref, status)
    lines = [r[0] for r in ctx.db.execute("SELECT id FROM order_lines WHERE order_id = ?", (args["order_id"],))]
    ctx.db.execute("UPDATE order_lines SET packed_qty = 0 WHERE order_id = ?", (args["order_id"],))
    ctx.audit("packing_recounted", user_id=args.get("packer_id"), ref_type="order", ref_id=args["order_id"])
    return {"line_ids": lines}


@operation("WeightMismatchRecorded", args=WeightMismatchArgs, fact=True, roles=STATION)
def weight_mismatch_recorded(ctx: OpContext, args: Args) -> Args:
    """{order_id, packer_id, box_type, weight_g, expected_weight_g, tolerance_g, weight_source}: the
    weighed box is outside expected ± tolerance. An exception for the supervisor (the order is not a
    perfect order), whatever the packer does next."""
    _, ref, _ = _order(ctx, args["order_id"])
    weight, expected = int(args["weight_g"]), int(args["expected_weight_g"])
    diff = weight - expected
    exc_id = ctx.raise_exception("weight_mismatch", "weight_mismatch", ref, weight, args.get("box_type"), expected,
                                 args["tolerance_g"], f"{'+' if diff > 0 else ''}{diff}",
                                 ref_type="order", ref_id=args["order_id"],
                                 details={k: args.get(k) for k in ("packer_id", "box_type", "weight_g",
                                                                   "expected_weight_g", "tolerance_g",
                                                                   "weight_source")})
    return {"exception_id": exc_id}


@operation("PackageClosed", args=PackageClosedArgs, roles=STATION, footprint=_order_writes)
def package_closed(ctx: OpContext, args: Args) -> Args:
    """{package_id, order_id, box_type, tracking_number, sscc, weight_g, weight_source, expected_weight_g,
    locker_size, packer_id, override_by}: every unit is verified and weighed (or a supervisor,
    `override_by`, accepted the weight); the order is packed and its tote is free again."""
    order_id, ref, status = _order(ctx, args["order_id"])
    require(status in PACKABLE, "order_not_packable", f"Order {ref} is {status.replace('_', ' ')} and cannot be "
                                                      f"packed now.", ref, status)
    open_lines = ctx.one("SELECT count(*) FROM order_lines WHERE order_id = ? AND packed_qty < picked_qty",
                         (order_id,))[0]
    require(open_lines == 0, "not_verified",
            f"Order {ref} still has {open_lines} line(s) not verified; scan every unit first.", ref, open_lines)
    require(ctx.one("SELECT 1 FROM box_types WHERE code = ?", (args["box_type"],)), "unknown_box",
            f"Box type {args['box_type']} is not known here.", args["box_type"])
    sscc = str(args["sscc"])
    require(valid_sscc(sscc), "bad_sscc", f"{sscc} is not a valid SSCC (18 digits with a GS1 check digit).")
    require(not ctx.one("SELECT 1 FROM packages WHERE sscc = ? OR tracking_number = ?",
                        (sscc, args["tracking_number"])),
            "number_in_use", f"SSCC {sscc} or tracking number {args['tracking_number']} is already on a package.",
            sscc, args["tracking_number"])
    require(args.get("weight_source") in ("scale", "typed"), "bad_weight_source", "A weight comes from the scale or "
                                                                                 "is typed.")
    ctx.db.execute(
        "INSERT INTO packages (id, order_id, box_type, tracking_number, sscc, expected_weight_g, weight_g,"
        " weight_source, locker_size, packed_by, packed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (args["package_id"], order_id, args["box_type"], args["tracking_number"], sscc,
         int(args["expected_weight_g"]), int(args["weight_g"]), args["weight_source"], args.get("locker_size"),
         args["packer_id"], ctx.at))
    ctx.db.execute("UPDATE orders SET status = 'packed', packed_at = ? WHERE id = ?", (ctx.at, order_id))
    ctx.db.execute("UPDATE totes SET order_id = NULL, batch_id = NULL WHERE order_id = ?", (order_id,))
    if args.get("override_by"):
        ctx.audit("weight_override", user_id=args["override_by"], ref_type="package", ref_id=args["package_id"],
                  details={"weight_g": args["weight_g"], "expected_weight_g": args["expected_weight_g"]})
    return {"package_id": args["package_id"]}


@operation("PackagesHandedOver", args=HandedOverArgs, fact=True, roles=STATION, footprint=_handed_writes)
def packages_handed_over(ctx: OpContext, args: Args) -> Args:
    """{package_ids, carrier_code, user_id, label_override_by}: the carrier's driver took these packages
    onto the vehicle. An order whose packages are all handed over is handed over — that ends its
    Order-to-Ship Time. With `label_override_by` the packages went without a printed label on a
    supervisor's word: an exception for each, so the carrier's missing scan can be explained."""
    orders: set[str] = set()
    for package_id in args["package_ids"]:
        row = ctx.one("SELECT order_id FROM packages WHERE id = ?", (package_id,))
        require(row, "unknown_package", f"Package {package_id} is not known here.")
        ctx.db.execute("UPDATE packages SET handed_over_at = coalesce(handed_over_at, ?) WHERE id = ?",
                       (ctx.at, package_id))
        orders.add(row[0])
    handed = []
    for order_id in sorted(orders):
        if not ctx.one("SELECT 1 FROM packages WHERE order_id = ? AND handed_over_at IS NULL", (order_id,)):
            ctx.db.execute("UPDATE orders SET status = 'handed_over', handed_over_at = coalesce(handed_over_at, ?)"
                           " WHERE id = ? AND status IN ('packed', 'handed_over')", (ctx.at, order_id))
            handed.append(order_id)
    ctx.audit("packages_handed_over", user_id=args.get("user_id"), ref_type="carrier",
              ref_id=args.get("carrier_code", ""), details={"packages": len(args["package_ids"])})
    if args.get("label_override_by"):
        for package_id in args["package_ids"]:
            tracking = ctx.one("SELECT tracking_number FROM packages WHERE id = ?", (package_id,))[0]
            ctx.raise_exception("unlabelled_handover", "unlabelled_handover", tracking, ref_type="package",
                                ref_id=package_id, details={"override_by": args["label_override_by"],
                                                            "user_id": args.get("user_id"),
                                                            "tracking_number": tracking})
            ctx.audit("unlabelled_handover", user_id=args["label_override_by"], ref_type="package",
                      ref_id=package_id)
    return {"orders_handed_over": handed}


@operation("ManifestClosed", args=ManifestClosedArgs, roles=STATION)
def manifest_closed(ctx: OpContext, args: Args) -> Args:
    """{manifest_id, carrier_code, day, user_id, package_ids}: the carrier's day is closed; these
    packages (packed, on no manifest yet) are its handover list."""
    require(ctx.one("SELECT 1 FROM carriers WHERE code = ?", (args["carrier_code"],)), "unknown_carrier",
            f"Carrier {args['carrier_code']} is not known here.")
    require(args["package_ids"], "empty_manifest", f"There is no packed {args['carrier_code']} package to put on "
                                                   f"a manifest.")
    ctx.db.execute("INSERT INTO manifests (id, carrier_code, day, closed_at, closed_by) VALUES (?, ?, ?, ?, ?)",
                   (args["manifest_id"], args["carrier_code"], args["day"], ctx.at, args.get("user_id")))
    for package_id in args["package_ids"]:
        row = ctx.one("SELECT o.carrier_code, p.manifest_id FROM packages p JOIN orders o ON o.id = p.order_id"
                      " WHERE p.id = ?", (package_id,))
        require(row, "unknown_package", f"Package {package_id} is not known here.")
        require(row[0] == args["carrier_code"], "other_carrier", f"Package {package_id} goes with {row[0]}, not "
                                                                 f"{args['carrier_code']}.")
        require(row[1] is None, "on_manifest", f"Package {package_id} is already on manifest {row[1]}.")
        ctx.db.execute("UPDATE packages SET manifest_id = ? WHERE id = ?", (args["manifest_id"], package_id))
    return {"packages": len(args["package_ids"])}
