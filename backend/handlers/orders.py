"""Server side of picking: the same order, line and stock effects as terminal/picking/ops.py.

Why: the server sends `order`, `order_line` and `inventory` in pulls. If it only logged the picking
ops, a pull (a first pull, or any server-side change to an order) would overwrite a terminal's
picked lines and statuses with the stale seeded rows. So these handlers keep the server's rows
current, with authority, and a pull can never regress a terminal's facts.

`OP_OWNED` is the one description of which pulled columns the picking and packing ops own: the
handlers here and in packing.py write them, the integration never resets them when an order is
re-sent (backend/integration.py), and tests compare them on both sides.

The server keeps private entities (never pulled) for what the ops refer to later: `pick_task`,
`pick_batch`, and per order `order_work` — the tasks, lines and packages the ops touched, so a
settle or a recount reads a handful of rows, never every line of the site.

Rules (docs/PROTOCOL.md, "Server handlers for picking and packing"): facts are never rejected —
a fact the server cannot place (an unknown task) or that contradicts it (picked after the order
was cancelled, more picked than the books held) is applied as far as it can be and raised for a
supervisor. A batch that takes an order the server no longer has open (cancelled by the
marketplace, or in another cart) still starts — the picker is already walking and the picks that
follow are facts — and the conflict is raised and the server's order re-sent."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.counts import request_short_count
from backend.handlers.replenish import trigger as replenish_if_low
from backend.handlers.stock import move, on_hand, set_qty
from terminal.ops import require

#: pulled entity → the columns the picking and packing ops change (the terminal's facts)
OP_OWNED: dict[str, tuple[str, ...]] = {
    "order": ("status", "picked_at", "packed_at", "handed_over_at"),
    "order_line": ("picked_qty", "short_qty", "packed_qty"),
    "inventory": ("qty",),
}


def work(ctx: ServerContext, order_id: str) -> dict[str, list[str]]:
    """The order's private index: ids of its pick tasks, the lines ops touched, its packages."""
    found = ctx.store.get("order_work", order_id) or {}
    return {"tasks": list(found.get("tasks", [])), "lines": list(found.get("lines", [])),
            "packages": list(found.get("packages", []))}


def remember(ctx: ServerContext, order_id: str, kind: str, item_id: str) -> None:
    index = work(ctx, order_id)
    if item_id not in index[kind]:
        index[kind].append(item_id)
        ctx.store.upsert("order_work", index, key=order_id)


def order_ref(order: dict[str, Any] | None, order_id: str) -> str:
    return str(order.get("ref") or order_id) if order else str(order_id)


def _task(ctx: ServerContext, task_id: str) -> dict[str, Any]:
    task = ctx.store.get("pick_task", str(task_id))
    require(task is not None, "unknown_task", f"Pick task {task_id} is not known on the server.")
    assert task is not None
    return task


def _settle(ctx: ServerContext, order_id: str) -> None:
    """As the terminal: an order being picked with no open task left is picked."""
    order = ctx.store.get("order", order_id)
    if order is None or order.get("status") != "picking":
        return
    tasks = [ctx.store.get("pick_task", t) for t in work(ctx, order_id)["tasks"]]
    if not any(t and t.get("status") == "open" for t in tasks):
        order.update(status="picked", picked_at=ctx.at)
        ctx.store.upsert("order", order)


def _add_to_line(ctx: ServerContext, line_id: str, column: str, units: int) -> None:
    line = ctx.store.get("order_line", line_id)
    if line is not None and units:
        line[column] = int(line.get(column) or 0) + units
        ctx.store.upsert("order_line", line)


@handler("BatchStarted")
def batch_started(ctx: ServerContext, args: Args) -> None:
    require(args.get("orders"), "empty_batch", "A batch needs at least one order.")
    batch_id = str(args["batch_id"])
    order_ids = [str(entry["order_id"]) for entry in args["orders"]]
    ctx.store.upsert("pick_batch", {"id": batch_id, "status": "active", "picker_id": args.get("picker_id"),
                                    "orders": order_ids}, key=batch_id)
    for order_id in order_ids:
        order = ctx.store.get("order", order_id)
        if order is not None and order.get("status") == "open":
            order["status"] = "picking"
            ctx.store.upsert("order", order)
            continue
        what = f"is {order.get('status')}" if order else "is not known on the server"
        ctx.raise_exception("batch_conflict", f"Batch {batch_id} took order {order_ref(order, order_id)}, which "
                            f"{what}; check the cart.", details={"batch_id": batch_id, "order_id": order_id})
        if order is not None:
            ctx.store.refresh("order", order_id)     # the terminal learns the server's status
    for task in args["tasks"]:
        task_id, order_id = str(task["task_id"]), str(task["order_id"])
        ctx.store.upsert("pick_task", {"id": task_id, "batch_id": batch_id, "order_id": order_id,
                                       "line_id": str(task["line_id"]), "location_code": task["location_code"],
                                       "sku_code": task["sku_code"], "qty": int(task["qty"]), "picked_qty": 0,
                                       "status": "open"}, key=task_id)
        remember(ctx, order_id, "tasks", task_id)
        remember(ctx, order_id, "lines", str(task["line_id"]))


@handler("PickConfirmed")
def pick_confirmed(ctx: ServerContext, args: Args) -> None:
    task = _task(ctx, args["task_id"])
    units = int(args["qty"])
    require(units > 0, "bad_qty", "A pick needs a quantity of at least one.")
    task["picked_qty"] = int(task["picked_qty"]) + units
    if task["picked_qty"] >= int(task["qty"]):
        task["status"] = "done"
    ctx.store.upsert("pick_task", task, key=task["id"])
    _add_to_line(ctx, task["line_id"], "picked_qty", units)
    location, sku = task["location_code"], task["sku_code"]
    have = on_hand(ctx, location, sku)
    if have < units:      # a fact: the units are in the tote, so the server's books were wrong
        ctx.raise_exception("stock_mismatch", f"{units} × {sku} were picked at {location}, where the books held "
                            f"{have}.", details={"location": location, "sku": sku, "task_id": task["id"]})
    move(ctx, location, sku, -units, "pick", ref_type="pick_task", ref_id=task["id"], user_id=args.get("picker_id"))
    replenish_if_low(ctx, location, sku, "below_min")
    order = ctx.store.get("order", task["order_id"])
    if order is not None and order.get("status") == "cancelled":
        ctx.raise_exception("picked_after_cancel", f"{units} × {sku} were picked for order "
                            f"{order_ref(order, task['order_id'])} after it was cancelled; put them back.",
                            details={"order_id": task["order_id"], "task_id": task["id"]})
    _settle(ctx, task["order_id"])


@handler("PickShorted")
def pick_shorted(ctx: ServerContext, args: Args) -> None:
    task = _task(ctx, args["task_id"])
    missing = int(task["qty"]) - int(task["picked_qty"])
    require(missing > 0, "nothing_short", "That task is already complete.")
    task["status"] = "short"
    ctx.store.upsert("pick_task", task, key=task["id"])
    if args.get("reason") == "empty":
        set_qty(ctx, task["location_code"], task["sku_code"], 0, "short", reason="empty", ref_type="pick_task",
                ref_id=task["id"], user_id=args.get("picker_id"))
    follow = args.get("follow_up")
    if follow:
        follow_id = str(follow["task_id"])
        ctx.store.upsert("pick_task", {**task, "id": follow_id, "location_code": follow["location_code"],
                                       "qty": int(follow["qty"]), "picked_qty": 0, "status": "open"}, key=follow_id)
        remember(ctx, task["order_id"], "tasks", follow_id)
        missing = max(0, missing - int(follow["qty"]))
    _add_to_line(ctx, task["line_id"], "short_qty", missing)
    _settle(ctx, task["order_id"])
    request_short_count(ctx, task["id"], task["location_code"], task["sku_code"])   # as the terminal's op does
    replenish_if_low(ctx, task["location_code"], task["sku_code"], "short")


@handler("PickOrderCancelled")
def pick_order_cancelled(ctx: ServerContext, args: Args) -> None:
    batch_id = str(args["batch_id"])
    for task_id in work(ctx, str(args["order_id"]))["tasks"]:
        task = ctx.store.get("pick_task", task_id)
        if task and task.get("batch_id") == batch_id and task.get("status") == "open":
            task["status"] = "cancelled"
            ctx.store.upsert("pick_task", task, key=task_id)


@handler("BatchFinished")
def batch_finished(ctx: ServerContext, args: Args) -> None:
    # The terminal checked that no task is open; the server's tasks follow the same terminal's ops,
    # so it only settles — refusing here could not undo the orders the terminal already settled.
    batch = ctx.store.get("pick_batch", str(args["batch_id"]))
    require(batch is not None, "unknown_batch", "That batch is not known on the server.")
    assert batch is not None
    batch["status"] = "done"
    ctx.store.upsert("pick_batch", batch, key=batch["id"])
    for order_id in batch.get("orders", []):
        _settle(ctx, order_id)
