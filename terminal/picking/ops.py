"""Picking operations: a batch starts, totes are bound, units are picked or shorted, the batch ends.

`PickConfirmed` and `PickShorted` are facts (units went into a tote, a slot was empty): the
server never rejects them. Everything a backend needs to re-execute an op is in its arguments,
including the ids made here (batch, tasks, the follow-up task of a short pick)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from msgspec import Meta

from terminal.inventory.counts import request_short_count
from terminal.inventory.ledger import move, on_hand, set_qty
from terminal.inventory.replenish import trigger as replenish_if_low
from terminal.opargs import Count, Id, Metres, OpArgs, Qty, Slot, Text, Units
from terminal.ops import Args, Key, OpContext, operation, require
from terminal.picking.batching import batch_route_m

SHORT_REASONS = ("empty", "damaged", "not_found")
STATION = ("station",)


class BatchOrder(OpArgs):
    order_id: Id
    tote_slot: Slot


class BatchTask(OpArgs):
    task_id: Id
    order_id: Id
    line_id: Id
    sku_code: Id
    location_code: Id
    qty: Units
    sequence: Annotated[int, Meta(ge=0, le=100_000)]


class BatchStartedArgs(OpArgs):
    batch_id: Id
    picker_id: Id
    orders: Annotated[list[BatchOrder], Meta(max_length=100)]
    tasks: Annotated[list[BatchTask], Meta(max_length=5000)]
    algorithm: Text = "optimal"
    distance_m: Metres | None = None


class ToteBoundArgs(OpArgs):
    batch_id: Id
    order_id: Id
    tote_code: Id


class PickConfirmedArgs(OpArgs):
    task_id: Id
    qty: Count
    picker_id: Id | None = None


class FollowUp(OpArgs):
    task_id: Id
    location_code: Id
    qty: Qty


class PickShortedArgs(OpArgs):
    task_id: Id
    reason: Text
    picker_id: Id | None = None
    follow_up: FollowUp | None = None


class BatchOrderArgs(OpArgs):
    batch_id: Id
    order_id: Id


class BatchArgs(OpArgs):
    batch_id: Id


def _started_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("order", entry["order_id"]) for entry in args.get("orders") or []]


def _pick_writes(args: Args, result: Args) -> Iterable[Key]:
    """A pick changes its order line, the stock it came from and perhaps its order (known from the task)."""
    return [("order_line", result.get("line_id")), ("order", result.get("order_id")),
            ("inventory", result.get("stock")), ("count_task", result.get("count_task")),
            ("replenishment", result.get("replenishment"))]


def _finish_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("order", order_id) for order_id in result.get("orders", ())]


@operation("BatchStarted", args=BatchStartedArgs, roles=STATION, footprint=_started_writes)
def batch_started(ctx: OpContext, args: Args) -> Args:
    """{batch_id, picker_id, algorithm, distance_m, orders: [{order_id, tote_slot}],
    tasks: [{task_id, order_id, line_id, sku_code, location_code, qty, sequence}]}"""
    require(args.get("orders"), "empty_batch", "A batch needs at least one order.")
    require(ctx.one("SELECT 1 FROM users WHERE id = ?", (args["picker_id"],)), "unknown_user",
            f"Picker {args['picker_id']} is not known here.")
    for entry in args["orders"]:
        row = ctx.one("SELECT ref, status FROM orders WHERE id = ?", (entry["order_id"],))
        require(row, "unknown_order", f"Order {entry['order_id']} is not known here.")
        require(row[1] == "open", "order_not_open",
                f"Order {row[0]} is {row[1]} and cannot be picked; ask for the next batch again.", row[0], row[1])
    ctx.db.execute(
        "INSERT INTO pick_batches (id, picker_id, created_at, started_at, status, algorithm, distance_m)"
        " VALUES (?, ?, ?, ?, 'active', ?, ?)",
        (args["batch_id"], args["picker_id"], ctx.at, ctx.at, args.get("algorithm", "optimal"),
         args.get("distance_m")),
    )
    for entry in args["orders"]:
        ctx.db.execute("INSERT INTO pick_batch_orders (batch_id, order_id, tote_slot) VALUES (?, ?, ?)",
                       (args["batch_id"], entry["order_id"], entry["tote_slot"]))
        ctx.db.execute("UPDATE orders SET status = 'picking' WHERE id = ?", (entry["order_id"],))
    for task in args["tasks"]:
        ctx.db.execute(
            "INSERT INTO pick_tasks (id, batch_id, order_id, line_id, sequence, location_code, sku_code, qty,"
            " picker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (task["task_id"], args["batch_id"], task["order_id"], task["line_id"], task["sequence"],
             task["location_code"], task["sku_code"], task["qty"], args["picker_id"]),
        )
    return {"batch_id": args["batch_id"], "tasks": len(args["tasks"])}


@operation("ToteBound", args=ToteBoundArgs, roles=STATION)
def tote_bound(ctx: OpContext, args: Args) -> Args:
    """{batch_id, order_id, tote_code}: the tote in the order's cart slot was scanned."""
    slot = ctx.one("SELECT tote_slot, tote_code FROM pick_batch_orders WHERE batch_id = ? AND order_id = ?",
                   (args["batch_id"], args["order_id"]))
    require(slot, "not_in_batch", "That order is not in this batch.")
    code = args["tote_code"]
    busy = ctx.one("SELECT o.ref FROM totes t JOIN orders o ON o.id = t.order_id WHERE t.code = ? AND t.order_id != ?"
                   " AND o.status IN ('open', 'picking', 'picked')", (code, args["order_id"]))
    require(busy is None, "tote_in_use", f"Tote {code} still holds order {busy[0] if busy else ''}; "
                                         f"use an empty tote.", code, busy[0] if busy else "")
    ctx.db.execute("INSERT INTO totes (code, order_id, batch_id) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE"
                   " SET order_id = excluded.order_id, batch_id = excluded.batch_id",
                   (code, args["order_id"], args["batch_id"]))
    ctx.db.execute("UPDATE pick_batch_orders SET tote_code = ? WHERE batch_id = ? AND order_id = ?",
                   (code, args["batch_id"], args["order_id"]))
    return {"tote_slot": slot[0]}


def _task(ctx: OpContext, task_id: str) -> tuple[str, str, str, str, str, int, int, str]:
    row = ctx.one("SELECT id, batch_id, order_id, line_id, location_code, qty, picked_qty, sku_code"
                  " FROM pick_tasks WHERE id = ?", (task_id,))
    require(row, "unknown_task", f"Pick task {task_id} is not known here.")
    return tuple(row)


def _take_stock(ctx: OpContext, location: str, sku: str, qty: int, task_id: str, picker_id: str | None) -> None:
    have = on_hand(ctx.db, location, sku)
    if have < qty:      # a fact: the units are in the tote, so the book stock was wrong
        ctx.raise_exception("stock_mismatch", "stock_mismatch", qty, sku, location, have,
                            ref_type="pick_task", ref_id=task_id, details={"location": location, "sku": sku})
    move(ctx, location, sku, -qty, "pick", ref_type="pick_task", ref_id=task_id, user_id=picker_id)


def _settle_order(ctx: OpContext, order_id: str) -> str:
    """Mark the order picked once none of its tasks is open; returns its status."""
    status = ctx.one("SELECT status FROM orders WHERE id = ?", (order_id,))[0]
    if status == "picking" and not ctx.one("SELECT 1 FROM pick_tasks WHERE order_id = ? AND status = 'open'",
                                           (order_id,)):
        ctx.db.execute("UPDATE orders SET status = 'picked', picked_at = ? WHERE id = ?", (ctx.at, order_id))
        return "picked"
    return str(status)


@operation("PickConfirmed", args=PickConfirmedArgs, fact=True, roles=STATION, footprint=_pick_writes)
def pick_confirmed(ctx: OpContext, args: Args) -> Args:
    """{task_id, qty, picker_id}: qty units of the task's SKU went into the order's tote."""
    task_id, _, order_id, line_id, location, qty, picked, sku = _task(ctx, args["task_id"])
    units = int(args["qty"])
    require(units > 0, "bad_qty", "A pick needs a quantity of at least one.")
    picked += units
    done = picked >= qty
    ctx.db.execute("UPDATE pick_tasks SET picked_qty = ?, status = CASE WHEN ? THEN 'done' ELSE status END,"
                   " done_at = CASE WHEN ? THEN ? ELSE done_at END, picker_id = coalesce(?, picker_id) WHERE id = ?",
                   (picked, done, done, ctx.at, args.get("picker_id"), task_id))
    ctx.db.execute("UPDATE order_lines SET picked_qty = picked_qty + ? WHERE id = ?", (units, line_id))
    _take_stock(ctx, location, sku, units, task_id, args.get("picker_id"))
    return {"task_status": "done" if done else "open", "picked_qty": picked,
            "order_status": _settle_order(ctx, order_id), "order_id": order_id, "line_id": line_id,
            "stock": f"{location}|{sku}", "replenishment": replenish_if_low(ctx, location, sku, "below_min")}


@operation("PickShorted", args=PickShortedArgs, fact=True, roles=STATION, footprint=_pick_writes)
def pick_shorted(ctx: OpContext, args: Args) -> Args:
    """{task_id, reason, picker_id, follow_up: {task_id, location_code, qty} | null}: the rest of the
    task cannot be picked here. An exception goes to the supervisor; a follow-up task (at another
    location with stock) joins the same batch as its last stop, otherwise the line is short."""
    reason = args["reason"]
    require(reason in SHORT_REASONS, "bad_reason", f"A short pick needs a reason: {', '.join(SHORT_REASONS)}.")
    task_id, batch_id, order_id, line_id, location, qty, picked, sku = _task(ctx, args["task_id"])
    missing = qty - picked
    require(missing > 0, "nothing_short", "That task is already complete.")
    ctx.db.execute("UPDATE pick_tasks SET status = 'short', short_reason = ?, done_at = ? WHERE id = ?",
                   (reason, ctx.at, task_id))
    if reason == "empty":
        set_qty(ctx, location, sku, 0, "short", reason=reason, ref_type="pick_task", ref_id=task_id,
                user_id=args.get("picker_id"))
    follow = args.get("follow_up")
    ref = ctx.one("SELECT ref FROM orders WHERE id = ?", (order_id,))[0]
    if follow:
        seq = ctx.one("SELECT coalesce(max(sequence), 0) + 1 FROM pick_tasks WHERE batch_id IS ?", (batch_id,))[0]
        ctx.db.execute(
            "INSERT INTO pick_tasks (id, batch_id, order_id, line_id, sequence, location_code, sku_code, qty,"
            " follow_up_of, picker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (follow["task_id"], batch_id, order_id, line_id, seq, follow["location_code"], sku,
             int(follow["qty"]), task_id, args.get("picker_id")),
        )
        ctx.db.execute("UPDATE order_lines SET short_qty = short_qty + ? WHERE id = ?",
                       (max(0, missing - int(follow["qty"])), line_id))
        walked = batch_route_m(ctx.db, batch_id) if batch_id else None
        if walked is not None:      # the follow-up is walked too: the batch's planned length includes its leg
            ctx.db.execute("UPDATE pick_batches SET distance_m = ? WHERE id = ?", (round(walked, 3), batch_id))
    else:
        ctx.db.execute("UPDATE order_lines SET short_qty = short_qty + ? WHERE id = ?", (missing, line_id))
    said = (("short_pick_follow_up", ref, missing, sku, location, reason, follow["location_code"]) if follow
            else ("short_pick_no_stock", ref, missing, sku, location, reason))
    exc_id = ctx.raise_exception("short_pick", *said, ref_type="pick_task", ref_id=task_id,
                                 details={"order_id": order_id, "sku": sku, "location": location, "missing": missing,
                                          "reason": reason, "follow_up": follow["task_id"] if follow else None})
    count_task = request_short_count(ctx, task_id, location, sku)   # the books are suspect: count there
    return {"exception_id": exc_id, "count_task": count_task, "order_status": _settle_order(ctx, order_id),
            "follow_up": follow["task_id"] if follow else None, "order_id": order_id, "line_id": line_id,
            "stock": f"{location}|{sku}", "replenishment": replenish_if_low(ctx, location, sku, "short")}


@operation("PickOrderCancelled", args=BatchOrderArgs, fact=True, roles=STATION)
def pick_order_cancelled(ctx: OpContext, args: Args) -> Args:
    """{batch_id, order_id}: the picker learnt that an order in the cart was cancelled; its open tasks stop."""
    ctx.db.execute("UPDATE pick_tasks SET status = 'cancelled', done_at = ? WHERE batch_id = ? AND order_id = ?"
                   " AND status = 'open'", (ctx.at, args["batch_id"], args["order_id"]))
    ctx.db.execute("UPDATE totes SET order_id = NULL WHERE batch_id = ? AND order_id = ?",
                   (args["batch_id"], args["order_id"]))
    return {}


@operation("BatchFinished", args=BatchArgs, roles=STATION, footprint=_finish_writes)
def batch_finished(ctx: OpContext, args: Args) -> Args:
    """{batch_id}: every task is picked, shorted or cancelled; the cart goes to packing."""
    row = ctx.one("SELECT status FROM pick_batches WHERE id = ?", (args["batch_id"],))
    require(row, "unknown_batch", "That batch is not known here.")
    require(row[0] == "active", "batch_not_active", "That batch is not being picked.")
    left = ctx.one("SELECT count(*) FROM pick_tasks WHERE batch_id = ? AND status = 'open'", (args["batch_id"],))[0]
    require(left == 0, "tasks_left", f"{left} pick tasks are still open; pick or short them first.", left)
    ctx.db.execute("UPDATE pick_batches SET status = 'done', finished_at = ? WHERE id = ?", (ctx.at, args["batch_id"]))
    orders = [r[0] for r in ctx.db.execute("SELECT order_id FROM pick_batch_orders WHERE batch_id = ?",
                                           (args["batch_id"],)).fetchall()]
    for order_id in orders:
        _settle_order(ctx, order_id)
    return {"orders": orders}
