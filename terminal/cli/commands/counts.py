"""`handoff counts schedule --db PATH [--now ISO] [--window-days N] [--limit N] [--dry-run] [--json]`:
the cycle counts due by ABC class (terminal/inventory/counts_abc.py; the rule and the intervals are in
docs/OPERATIONS.md "Cycle counts"), made count tasks by one CountsScheduled operation (queued for sync).

JSON: `{"made": n, "due": [{"task_id", "location_code", "sku_code", "abc"}]}`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.clock import Clock, FixedClock, SystemClock, parse_iso
from terminal.inventory.counts_abc import due_counts, schedule_op_args
from terminal.ops import apply_op
from terminal.store import open_db


def register(sub: Any) -> None:
    counts = group(sub, "counts", "Cycle counts.")
    help = "Make the count tasks that are due by ABC class (A weekly, B monthly, C quarterly)."
    parser = counts.add_parser("schedule", help=help, description=help)
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
    parser.add_argument("--now", metavar="ISO", help="schedule as of this ISO 8601 moment instead of the clock")
    parser.add_argument("--window-days", type=int, default=30, help="days of picks that rank the SKUs (default 30)")
    parser.add_argument("--limit", type=int, default=200, help="at most this many tasks (default 200)")
    parser.add_argument("--dry-run", action="store_true", help="only list what is due; write nothing")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=_schedule)


def _schedule(args: argparse.Namespace) -> int:
    clock: Clock = FixedClock(parse_iso(args.now)) if args.now else SystemClock()
    db = open_db(args.db)
    try:
        due = due_counts(db, clock.now(), window_days=max(1, args.window_days), limit=max(0, min(args.limit, 5000)))
        made = 0
        if due and not args.dry_run:
            made = int(apply_op(db, "CountsScheduled", schedule_op_args(due), clock=clock).result["made"])
    finally:
        db.close()
    if args.json:
        print_json({"made": made, "due": [d.__dict__ for d in due]})
        return 0
    by_class = {abc: sum(d.abc == abc for d in due) for abc in "ABC"}
    print(f"{len(due)} counts due (A {by_class['A']}, B {by_class['B']}, C {by_class['C']}); {made} tasks made.")
    return 0
