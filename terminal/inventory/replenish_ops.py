"""Replenishment operations: a stocker refilled a pick face from reserve, or found the reserve empty.

Both are facts (units were carried; a shelf was empty): the server never rejects them, and its
handlers (backend/handlers/replenish.py) make the same movements under the same ids. The args name
the face and the SKU, so the server can re-execute either op even before it knows the task. The
tasks themselves are opened by the ops that find a face low (`replenish.trigger`, called from the
pick ops and from a partial refill here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from msgspec import Meta

from terminal.imports.ops import CHUNK, SUPERVISOR, _standalone
from terminal.inventory.ledger import move, set_qty
from terminal.inventory.replenish import take_problem, trigger
from terminal.opargs import Id, OpArgs, Qty, Units
from terminal.ops import Args, Key, OpContext, operation, require

STOCKERS = ("station", "supervisor")


class ReplenishedArgs(OpArgs):
    replenishment_id: Id
    location_code: Id        # the pick face
    sku_code: Id
    from_location: Id        # the reserve location the units came from
    qty: Units
    user_id: Id | None = None


class ReserveEmptyArgs(OpArgs):
    replenishment_id: Id
    location_code: Id
    sku_code: Id
    from_location: Id
    user_id: Id | None = None


class FaceRow(OpArgs):
    location_code: Id
    sku_code: Id
    min_qty: Qty
    max_qty: Units


class PickFacesSetArgs(OpArgs):
    faces: Annotated[list[FaceRow], Meta(max_length=CHUNK)]


def _refill_writes(args: Args, result: Args) -> Iterable[Key]:
    face = f"{args['location_code']}|{args['sku_code']}"
    return [("replenishment", args["replenishment_id"]), ("replenishment", result.get("follow_up")),
            ("inventory", face), ("inventory", f"{args['from_location']}|{args['sku_code']}"),
            *(("replenishment", t) for t in result.get("closed", ()))]


def _empty_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("inventory", f"{args['from_location']}|{args['sku_code']}")]


@operation("FaceReplenished", args=ReplenishedArgs, fact=True, roles=STOCKERS, footprint=_refill_writes)
def face_replenished(ctx: OpContext, args: Args) -> Args:
    """{replenishment_id, location_code, sku_code, from_location, qty, user_id}: qty units went from the
    reserve location onto the pick face (confirmed by scanning the face). Every open task of the face
    is done; a face still below min after a partial refill gets a new task."""
    face, sku, source, qty = args["location_code"], args["sku_code"], args["from_location"], int(args["qty"])
    require(face != source, "same_location", "The reserve location and the pick face are the same place.")
    problem = take_problem(ctx.db, face, sku, source, qty)
    if problem:
        code, limit = problem
        require(code != "not_a_face", "not_a_face", f"{face} is not a pick face for {sku}.", face, sku)
        require(code != "over_max", "over_max", f"Only {limit} more fit on {face}; bring no more than that.",
                limit, face)
        require(False, "over_reserve", f"The books hold only {limit} × {sku} at {source}; count it first.",
                limit, sku, source)
    return refill(ctx, args)


def refill(ctx: OpContext, args: Args) -> Args:
    """The movements and task updates of FaceReplenished (the server's handler mirrors them)."""
    face, sku, source, qty = args["location_code"], args["sku_code"], args["from_location"], int(args["qty"])
    about = {"ref_type": "replenishment", "ref_id": args["replenishment_id"], "user_id": args.get("user_id")}
    taken = -move(ctx, source, sku, -qty, "replenish", **about)
    move(ctx, face, sku, taken, "replenish", **about)
    closed = [r[0] for r in ctx.db.execute(
        "SELECT id FROM replenishments WHERE status = 'open' AND location_code = ? AND sku_code = ?",
        (face, sku)).fetchall()]
    ctx.db.execute("UPDATE replenishments SET status = 'done', done_at = ?, user_id = ?,"
                   " from_location = CASE WHEN id = ? THEN ? ELSE from_location END,"
                   " moved_qty = CASE WHEN id = ? THEN moved_qty + ? ELSE moved_qty END"
                   " WHERE status = 'open' AND location_code = ? AND sku_code = ?",
                   (ctx.at, args.get("user_id"), args["replenishment_id"], source, args["replenishment_id"],
                    taken, face, sku))
    follow_up = trigger(ctx, face, sku, "below_min")
    return {"moved": taken, "closed": closed, "follow_up": follow_up}


@operation("ReserveFoundEmpty", args=ReserveEmptyArgs, fact=True, roles=STOCKERS, footprint=_empty_writes)
def reserve_found_empty(ctx: OpContext, args: Args) -> Args:
    """{replenishment_id, location_code, sku_code, from_location, user_id}: the stocker found no units of
    the SKU at the reserve location the task sent them to. Its book stock drops to zero (a `short`
    movement) and a supervisor is told; the task stays open for the next reserve location."""
    source, sku = args["from_location"], args["sku_code"]
    dropped = set_qty(ctx, source, sku, 0, "short", reason="reserve_empty", ref_type="replenishment",
                      ref_id=args["replenishment_id"], user_id=args.get("user_id"))
    ctx.raise_exception("reserve_empty", "reserve_empty", sku, source, -dropped, args["location_code"],
                        ref_type="replenishment", ref_id=args["replenishment_id"],
                        details={"location": source, "sku": sku, "face": args["location_code"]})
    return {"dropped": -dropped}


def _faces_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("pick_face", f"{f['location_code']}|{f['sku_code']}") for f in args["faces"]]


@operation("PickFacesSet", args=PickFacesSetArgs, fact=True, roles=SUPERVISOR, footprint=_faces_writes)
def pick_faces_set(ctx: OpContext, args: Args) -> Args:
    """{faces: [{location_code, sku_code, min_qty, max_qty}]}: a standalone site's pick faces from a file
    (`handoff import faces`); an enrolled terminal gets them by pull (`handoff-backend faces set`)."""
    _standalone(ctx)
    ctx.db.conn.executemany(
        "INSERT INTO pick_faces (location_code, sku_code, min_qty, max_qty) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(location_code, sku_code) DO UPDATE SET min_qty = excluded.min_qty, max_qty = excluded.max_qty",
        [(f["location_code"], f["sku_code"], f["min_qty"], f["max_qty"]) for f in args["faces"]])
    return {"faces": len(args["faces"])}
