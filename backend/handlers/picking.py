"""Server side of picking: batches, totes, picks and shorts re-executed with authority.

The pulled entities a pick changes (order status, order line quantities, inventory) are computed
here exactly as terminal/picking/ops.py computes them locally, so after quiescence the terminal's
copy equals the server's (invariant 3). Batches, tasks and totes are private server entities (not
pulled). Picks and shorts are facts: a pick of an order the marketplace has cancelled meanwhile is
still applied — the units are in the tote — and becomes an exception for a supervisor."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from terminal.ops import require
from terminal.picking.ops import SHORT_REASONS

_BUSY = ("open", "picking", "picked")


def _batch(ctx: ServerContext, batch_id: str) -> dict[str, Any]:
    batch = ctx.store.get("pick_batch", str(batch_id))
    require(batch is not None, "unknown_batch", f"Pick batch {batch_id} is not known at this site.")
    assert batch is not None
    # nested values are shared with the store's overlay: copy them, so a rejected op leaves no trace
    return {**batch, "orders": dict(batch["orders"]), "task_ids": list(batch["task_ids"])}


def _task(ctx: ServerContext, task_id: str) -> dict[str, Any]:
    task = ctx.store.get("pick_task", str(task_id))
    require(task is not None, "unknown_task", f"Pick task {task_id} is not known at this site.")
    assert task is not None
    return task


def _settle_order(ctx: ServerContext, batch: dict[str, Any], order_id: str) -> None:
    """Mark the order picked once none of its tasks in the batch is open (as the terminal does)."""
    order = ctx.store.get("order", order_id)
    if order is None or order.get("status") != "picking":
        return
    tasks = (ctx.store.get("pick_task", task_id) for task_id in batch["task_ids"])
    if not any(t and t["order_id"] == order_id and t["status"] == "open" for t in tasks):
        order.update(status="picked", picked_at=ctx.at)
        ctx.store.upsert("order", order)


# No `touches`: a batch refused because the marketplace cancelled an order reaches the terminal as
# that order's own change, pulled after this push; re-sending an order the server never had would
# delete the terminal's row under its lines.
@handler("BatchStarted")
def batch_started(ctx: ServerContext, args: Args) -> None:
    require(args.get("orders"), "empty_batch", "A batch needs at least one order.")
    picker = ctx.store.get("user", str(args["picker_id"]))
    require(picker is None or picker.get("active", 1), "unknown_user", f"Picker {args['picker_id']} is not active.")
    orders = {}
    for entry in args["orders"]:
        order = ctx.store.get("order", str(entry["order_id"]))
        require(order is not None, "unknown_order", f"Order {entry['order_id']} is not known at this site.")
        assert order is not None
        require(order.get("status") == "open", "order_not_open",
                f"Order {order.get('ref')} is {order.get('status')} and cannot be picked.")
        orders[order["id"]] = order
    for task in args["tasks"]:
        line = ctx.store.get("order_line", str(task["line_id"]))
        require(line is not None and line.get("order_id") == task["order_id"] and task["order_id"] in orders,
                "unknown_line", f"Pick task {task['task_id']} names a line that is not in the batch's orders.")
        ctx.store.upsert("pick_task", {
            "id": task["task_id"], "batch_id": args["batch_id"], "order_id": task["order_id"],
            "line_id": task["line_id"], "location_code": task["location_code"], "sku_code": task["sku_code"],
            "qty": int(task["qty"]), "picked_qty": 0, "status": "open"}, key=str(task["task_id"]))
    for order in orders.values():
        order["status"] = "picking"
        ctx.store.upsert("order", order)
    ctx.store.upsert("pick_batch", {
        "id": args["batch_id"], "picker_id": args["picker_id"], "status": "active", "started_at": ctx.at,
        "orders": {str(e["order_id"]): None for e in args["orders"]},
        "task_ids": [str(t["task_id"]) for t in args["tasks"]]}, key=str(args["batch_id"]))


@handler("ToteBound")
def tote_bound(ctx: ServerContext, args: Args) -> None:
    batch = _batch(ctx, args["batch_id"])
    order_id, code = str(args["order_id"]), str(args["tote_code"])
    require(order_id in batch["orders"], "not_in_batch", "That order is not in this batch.")
    tote = ctx.store.get("tote", code)
    if tote and tote.get("order_id") and tote["order_id"] != order_id:
        holder = ctx.store.get("order", tote["order_id"])
        require(holder is None or holder.get("status") not in _BUSY, "tote_in_use",
                f"Tote {code} still holds order {holder and holder.get('ref')}; use an empty tote.")
    ctx.store.upsert("tote", {"code": code, "order_id": order_id, "batch_id": batch["id"]}, key=code)
    batch["orders"][order_id] = code
    ctx.store.upsert("pick_batch", batch, key=batch["id"])


def _take_stock(ctx: ServerContext, task: dict[str, Any], units: int) -> None:
    key = f"{task['location_code']}|{task['sku_code']}"
    row = ctx.store.get("inventory", key)
    have = row["qty"] if row else 0
    if have < units:   # a fact: the units are in the tote, so the books were wrong
        ctx.raise_exception("stock_mismatch", f"{units} × {task['sku_code']} were picked at {task['location_code']},"
                            f" where the books held {have}.", details={"task_id": task["id"]})
    if row:
        row["qty"] = max(0, have - units)
        ctx.store.upsert("inventory", row)


def _add_to_line(ctx: ServerContext, line_id: str, column: str, units: int) -> None:
    line = ctx.store.get("order_line", line_id)
    if line is not None:
        line[column] = int(line.get(column) or 0) + units
        ctx.store.upsert("order_line", line)


def _cancelled_meanwhile(ctx: ServerContext, task: dict[str, Any], what: str) -> None:
    order = ctx.store.get("order", task["order_id"])
    if order is not None and order.get("status") == "cancelled":
        ctx.raise_exception("picked_after_cancel", f"Order {order.get('ref')} was cancelled, but {what}; take the"
                            " units out of its tote.", details={"task_id": task["id"], "order_id": order["id"]})


@handler("PickConfirmed", fact=True)
def pick_confirmed(ctx: ServerContext, args: Args) -> None:
    task = _task(ctx, args["task_id"])
    units = int(args["qty"])
    require(units > 0, "bad_qty", "A pick needs a quantity of at least one.")
    task["picked_qty"] += units
    if task["picked_qty"] >= task["qty"]:
        task["status"] = "done"
    ctx.store.upsert("pick_task", task, key=task["id"])
    _add_to_line(ctx, task["line_id"], "picked_qty", units)
    _take_stock(ctx, task, units)
    _cancelled_meanwhile(ctx, task, f"{units} × {task['sku_code']} were picked for it")
    _settle_order(ctx, _batch(ctx, task["batch_id"]), task["order_id"])


@handler("PickShorted", fact=True)
def pick_shorted(ctx: ServerContext, args: Args) -> None:
    require(args["reason"] in SHORT_REASONS, "bad_reason", f"A short pick needs a reason: {', '.join(SHORT_REASONS)}.")
    task = _task(ctx, args["task_id"])
    batch = _batch(ctx, task["batch_id"])
    missing = task["qty"] - task["picked_qty"]
    require(missing > 0, "nothing_short", "That task is already complete.")
    task["status"] = "short"
    ctx.store.upsert("pick_task", task, key=task["id"])
    if args["reason"] == "empty":
        row = ctx.store.get("inventory", f"{task['location_code']}|{task['sku_code']}")
        if row:
            row["qty"] = 0
            ctx.store.upsert("inventory", row)
    follow = args.get("follow_up")
    if follow:
        ctx.store.upsert("pick_task", {
            "id": follow["task_id"], "batch_id": batch["id"], "order_id": task["order_id"], "line_id": task["line_id"],
            "location_code": follow["location_code"], "sku_code": task["sku_code"], "qty": int(follow["qty"]),
            "picked_qty": 0, "status": "open"}, key=str(follow["task_id"]))
        batch["task_ids"].append(str(follow["task_id"]))
        ctx.store.upsert("pick_batch", batch, key=batch["id"])
        _add_to_line(ctx, task["line_id"], "short_qty", max(0, missing - int(follow["qty"])))
    else:
        _add_to_line(ctx, task["line_id"], "short_qty", missing)
    _settle_order(ctx, batch, task["order_id"])


@handler("PickOrderCancelled", fact=True)
def pick_order_cancelled(ctx: ServerContext, args: Args) -> None:
    batch = _batch(ctx, args["batch_id"])
    order_id = str(args["order_id"])
    for task_id in batch["task_ids"]:
        task = ctx.store.get("pick_task", task_id)
        if task and task["order_id"] == order_id and task["status"] == "open":
            task["status"] = "cancelled"
            ctx.store.upsert("pick_task", task, key=task_id)
    code = batch["orders"].get(order_id)
    tote = ctx.store.get("tote", code) if code else None
    if tote and tote.get("order_id") == order_id:
        tote["order_id"] = None
        ctx.store.upsert("tote", tote, key=tote["code"])


@handler("BatchFinished")
def batch_finished(ctx: ServerContext, args: Args) -> None:
    batch = _batch(ctx, args["batch_id"])
    require(batch["status"] == "active", "batch_not_active", "That batch is not being picked.")
    tasks = [ctx.store.get("pick_task", task_id) for task_id in batch["task_ids"]]
    left = sum(1 for t in tasks if t and t["status"] == "open")
    require(left == 0, "tasks_left", f"{left} pick tasks are still open; pick or short them first.")
    batch.update(status="done", finished_at=ctx.at)
    ctx.store.upsert("pick_batch", batch, key=batch["id"])
    for order_id in batch["orders"]:
        _settle_order(ctx, batch, order_id)
