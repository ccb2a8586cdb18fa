"""Cycle counts: the rules both sides share (reason codes, the supervisor threshold, task ids).

A count task asks for one SKU at one location to be counted. It is made by a short pick (any reason:
the picker found less than the books said, so the books are suspect) and by the ABC schedule
(terminal/inventory/counts_abc.py). The count is blind: the stocker never sees the book quantity; a
difference is booked (ledger kind `count`) only with a reason code, and one above the threshold only
with a supervisor's badge scanned there and then (terminal/inventory/count_session.py)."""

from __future__ import annotations

from terminal.ops import OpContext

#: why a count differs from the books (and why a supervisor adjusts them), as stored on the movement
REASONS = ("damaged", "lost", "found", "miscounted_earlier", "theft", "wrong_location", "other")
#: a difference of more units than this needs a supervisor (setting `counts.supervisor_above_units`).
#: SKUs carry no price here, so the threshold is in units, not value.
SUPERVISOR_ABOVE_UNITS = 5


def short_task_id(pick_task_id: str) -> str:
    return f"short:{pick_task_id}"


def request_short_count(ctx: OpContext, pick_task_id: str, location: str, sku: str) -> str:
    """The count task a short pick makes (inside PickShorted; the server's handler makes the same row)."""
    task_id = short_task_id(pick_task_id)
    ctx.db.execute("INSERT INTO count_tasks (id, location_code, sku_code, source, ref_id, created_at)"
                   " VALUES (?, ?, ?, 'short', ?, ?) ON CONFLICT(id) DO NOTHING",
                   (task_id, location, sku, pick_task_id, ctx.at))
    return task_id
