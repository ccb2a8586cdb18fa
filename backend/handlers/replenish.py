"""Server side of replenishment: the same tasks and movements as terminal/inventory/replenish*.py.

`trigger` is the terminal's rule on the server's books: the op that leaves a pick face low (a pick, a
short, a partial refill) opens `rp:<op id>` unless the face has an open task. The server keeps a
private index per face (`face_open`, never pulled) of its open task ids, so the check reads one row.
Both ops here are facts: applied as they come, an empty reserve raised for a supervisor."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.stock import move, on_hand, set_qty
from terminal.exception_messages import exception_text
from terminal.inventory.replenish import is_low, task_id


def _face(location: str, sku: str) -> str:
    return f"{location}|{sku}"


def _open_ids(ctx: ServerContext, location: str, sku: str) -> list[str]:
    found = ctx.store.get("face_open", _face(location, sku))
    return list(found.get("ids", [])) if found else []


def trigger(ctx: ServerContext, location: str, sku: str, reason: str) -> str | None:
    """Open a task for the face when it is low and has none open (terminal: replenish.trigger)."""
    face = ctx.store.get("pick_face", _face(location, sku))
    if face is None or not is_low(on_hand(ctx, location, sku), (int(face["min_qty"]), int(face["max_qty"])), reason):
        return None
    if _open_ids(ctx, location, sku):
        return None
    ident = task_id(ctx.op_id)
    if ctx.store.get("replenishment", ident) is None:
        ctx.store.upsert("replenishment", {
            "id": ident, "location_code": location, "sku_code": sku, "reason": reason, "status": "open",
            "created_at": ctx.at, "done_at": None, "from_location": None, "moved_qty": 0, "user_id": None})
    ctx.store.upsert("face_open", {"ids": [ident]}, key=_face(location, sku))
    return ident


@handler("FaceReplenished")
def face_replenished(ctx: ServerContext, args: Args) -> None:
    face, sku, source, qty = args["location_code"], args["sku_code"], args["from_location"], int(args["qty"])
    named = str(args["replenishment_id"])
    about: dict[str, Any] = {"ref_type": "replenishment", "ref_id": named, "user_id": args.get("user_id")}
    taken = -move(ctx, source, sku, -qty, "replenish", **about)
    move(ctx, face, sku, taken, "replenish", **about)
    for ident in _open_ids(ctx, face, sku):
        task = ctx.store.get("replenishment", ident)
        if task is None or task.get("status") != "open":
            continue
        task.update(status="done", done_at=ctx.at, user_id=args.get("user_id"))
        if ident == named:
            task.update(from_location=source, moved_qty=int(task.get("moved_qty") or 0) + taken)
        ctx.store.upsert("replenishment", task)
    ctx.store.upsert("face_open", {"ids": []}, key=_face(face, sku))
    trigger(ctx, face, sku, "below_min")


@handler("ReserveFoundEmpty")
def reserve_found_empty(ctx: ServerContext, args: Args) -> None:
    source, sku, named = args["from_location"], args["sku_code"], str(args["replenishment_id"])
    dropped = set_qty(ctx, source, sku, 0, "short", reason="reserve_empty", ref_type="replenishment",
                      ref_id=named, user_id=args.get("user_id"))
    message, coded = exception_text("reserve_empty", sku, source, -dropped, args["location_code"])
    ctx.raise_exception("reserve_empty", message, details={"location": source, "sku": sku,
                                                           "face": args["location_code"], "replenishment_id": named,
                                                           **coded})
