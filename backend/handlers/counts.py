"""Server side of cycle counts and adjustments (terminal/inventory/counts_ops.py): the same count tasks,
counts and stock movements, under the same ids, so every terminal of the site pulls them.

CountBooked and StockAdjusted are facts: the terminal checked the reason code and the supervisor, and
the server books what was counted against its own books (the same `count` movement when they agree)."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.stock import move, on_hand
from terminal.inventory.counts import short_task_id


def _task(ctx: ServerContext, task_id: str, location: str, sku: str, source: str, ref_id: str = "") -> None:
    if ctx.store.get("count_task", task_id) is None:
        ctx.store.upsert("count_task", {"id": task_id, "location_code": location, "sku_code": sku, "source": source,
                                        "ref_id": ref_id, "created_at": ctx.at, "status": "open", "count_id": None})


def request_short_count(ctx: ServerContext, pick_task_id: str, location: str, sku: str) -> None:
    """The count task a short pick makes (called from the PickShorted handler, as the terminal's op does)."""
    _task(ctx, short_task_id(pick_task_id), location, sku, "short", pick_task_id)


@handler("CountBooked")
def count_booked(ctx: ServerContext, args: Args) -> None:
    location, sku, counted = str(args["location_code"]), str(args["sku_code"]), int(args["counted"])
    book = on_hand(ctx, location, sku)
    difference = counted - book
    reason = args.get("reason") if difference else None
    move(ctx, location, sku, difference, "count", reason=reason, ref_type="stock_count", ref_id=ctx.op_id,
         user_id=args.get("user_id"))
    row: dict[str, Any] = {"id": ctx.op_id, "at": ctx.at, "location_code": location, "sku_code": sku,
                           "counted": counted, "book": book, "difference": difference, "reason": reason,
                           "user_id": args.get("user_id"), "supervisor_id": args.get("supervisor_id"),
                           "recounted": int(bool(args.get("recounted")))}
    ctx.store.upsert("stock_count", row)
    for task_id in args.get("task_ids") or ():
        task = ctx.store.get("count_task", str(task_id))
        if task is not None:
            ctx.store.upsert("count_task", {**task, "status": "done", "count_id": ctx.op_id})


@handler("StockAdjusted")
def stock_adjusted(ctx: ServerContext, args: Args) -> None:
    move(ctx, str(args["location_code"]), str(args["sku_code"]), int(args["delta"]), "adjustment",
         reason=args.get("reason"), ref_type="adjustment", ref_id=ctx.op_id, user_id=args.get("supervisor_id"))


@handler("CountsScheduled")
def counts_scheduled(ctx: ServerContext, args: Args) -> None:
    for task in args.get("tasks") or ():
        _task(ctx, str(task["task_id"]), str(task["location_code"]), str(task["sku_code"]), str(task["source"]))
