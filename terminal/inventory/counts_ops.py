"""Cycle count and adjustment operations (issue 19 §3).

`CountBooked` and `StockAdjusted` move stock, so they are facts: the count happened, the supervisor
decided; the server re-applies them (backend/handlers/counts.py) with the same movements under the
same ids and never rejects them. `CountsScheduled` carries the tasks the ABC rule chose, so the server
makes exactly those rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from msgspec import Meta

from terminal.inventory.counts import REASONS
from terminal.inventory.ledger import move, on_hand
from terminal.opargs import Count, Id, OpArgs, Qty, Text
from terminal.ops import Args, Key, OpContext, operation, require

STATION = ("station",)
STATION_OR_SUPERVISOR = ("station", "supervisor")


class CountBookedArgs(OpArgs):
    location_code: Id
    sku_code: Id
    counted: Qty
    user_id: Id
    task_ids: Annotated[list[Id], Meta(max_length=100)] = []
    reason: Text | None = None
    supervisor_id: Id | None = None
    supervisor_above: Qty = 5      # the threshold the terminal applied (counts.supervisor_above_units)
    recounted: bool = False


class StockAdjustedArgs(OpArgs):
    location_code: Id
    sku_code: Id
    delta: Count
    reason: Text
    supervisor_id: Id


class ScheduledTask(OpArgs):
    task_id: Id
    location_code: Id
    sku_code: Id
    source: Text


class CountsScheduledArgs(OpArgs):
    tasks: Annotated[list[ScheduledTask], Meta(max_length=5000)]


def _stock(args: Args) -> str:
    return f"{args['location_code']}|{args['sku_code']}"


def _count_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("inventory", _stock(args)), *(("count_task", t) for t in args.get("task_ids") or ()),
            ("stock_count", result.get("count_id"))]


def _adjust_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("inventory", _stock(args))]


def _scheduled_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("count_task", t["task_id"]) for t in args.get("tasks") or ()]


def _supervisor(ctx: OpContext, user_id: str | None) -> None:
    row = ctx.one("SELECT name, roles FROM users WHERE id = ?", (user_id,)) if user_id else None
    require(row is not None, "supervisor_needed", "A difference this big needs a supervisor's badge.")
    assert row is not None
    require("supervisor" in str(row[1]).split(","), "not_a_supervisor", f"{row[0]} is not a supervisor.", row[0])


@operation("CountBooked", args=CountBookedArgs, fact=True, roles=STATION, footprint=_count_writes)
def count_booked(ctx: OpContext, args: Args) -> Args:
    """{location_code, sku_code, counted, user_id, task_ids, reason, supervisor_id, supervisor_above,
    recounted}: a blind count of one SKU at one location. The books become what was counted (a `count`
    movement of the difference); a difference needs a reason code, and one above `supervisor_above`
    units a supervisor. The count itself is kept (stock_counts) whether or not it differed."""
    location, sku, counted = args["location_code"], args["sku_code"], int(args["counted"])
    book = on_hand(ctx.db, location, sku)
    difference = counted - book
    reason = args.get("reason")
    if difference:
        require(reason in REASONS, "count_reason_needed",
                f"The count differs from the books: give a reason ({', '.join(REASONS)}).")
        if abs(difference) > int(args.get("supervisor_above", 5)):
            _supervisor(ctx, args.get("supervisor_id"))
    move(ctx, location, sku, difference, "count", reason=reason if difference else None,
         ref_type="stock_count", ref_id=ctx.op_id, user_id=args["user_id"])
    ctx.db.execute("INSERT INTO stock_counts (id, at, location_code, sku_code, counted, book, difference, reason,"
                   " user_id, supervisor_id, recounted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (ctx.op_id, ctx.at, location, sku, counted, book, difference, reason if difference else None,
                    args["user_id"], args.get("supervisor_id"), int(bool(args.get("recounted")))))
    for task_id in args.get("task_ids") or ():
        ctx.db.execute("UPDATE count_tasks SET status = 'done', count_id = ? WHERE id = ?", (ctx.op_id, task_id))
    ctx.audit("stock_counted", user_id=args["user_id"], ref_type="stock_count", ref_id=ctx.op_id,
              details={"location": location, "sku": sku, "counted": counted, "book": book, "difference": difference,
                       "reason": reason if difference else None, "supervisor_id": args.get("supervisor_id")})
    return {"count_id": ctx.op_id, "book": book, "difference": difference}


@operation("StockAdjusted", args=StockAdjustedArgs, fact=True, roles=STATION_OR_SUPERVISOR,
           footprint=_adjust_writes)
def stock_adjusted(ctx: OpContext, args: Args) -> Args:
    """{location_code, sku_code, delta, reason, supervisor_id}: a supervisor corrects the books by
    `delta` units with a reason code (an `adjustment` movement; never below zero)."""
    require(int(args["delta"]) != 0, "nothing_to_adjust", "An adjustment needs a non-zero number of units.")
    require(args["reason"] in REASONS, "adjust_reason_needed",
            f"An adjustment needs a reason ({', '.join(REASONS)}).")
    _supervisor(ctx, args["supervisor_id"])
    applied = move(ctx, args["location_code"], args["sku_code"], int(args["delta"]), "adjustment",
                   reason=args["reason"], ref_type="adjustment", ref_id=ctx.op_id, user_id=args["supervisor_id"])
    ctx.audit("stock_adjusted", user_id=args["supervisor_id"], ref_type="adjustment", ref_id=ctx.op_id,
              details={"location": args["location_code"], "sku": args["sku_code"], "delta": applied,
                       "reason": args["reason"]})
    return {"applied": applied}


@operation("CountsScheduled", args=CountsScheduledArgs, roles=STATION_OR_SUPERVISOR, footprint=_scheduled_writes)
def counts_scheduled(ctx: OpContext, args: Args) -> Args:
    """{tasks: [{task_id, location_code, sku_code, source}]}: the count tasks the ABC schedule chose
    (terminal/inventory/counts_abc.py); a task id already known is left as it is."""
    made = 0
    for task in args["tasks"]:
        made += ctx.db.execute(
            "INSERT INTO count_tasks (id, location_code, sku_code, source, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            (task["task_id"], task["location_code"], task["sku_code"], task["source"], ctx.at)).rowcount
    return {"made": made}
