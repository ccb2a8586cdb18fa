"""`handoff picklist next --db PATH --picker BADGE [--json] [--start]`: the batch a picker would start now.

JSON: `{"orders": [{"ref", "service", "ship_by", "at_risk", "tote_slot"}], "tasks": [{"location", "sku",
"qty", "tote_slot"}] in walking order, "distance_m"}`. Read-only unless `--start`, which starts it
(the BatchStarted operation, queued for sync)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.clock import Clock, FixedClock, SystemClock, parse_iso
from terminal.config import load_settings
from terminal.errors import HandoffError
from terminal.ops import apply_op
from terminal.people.badges import user_for_badge
from terminal.picking.batching import plan_batch
from terminal.store import open_db


def register(sub: Any) -> None:
    picklist = group(sub, "picklist", "Pick lists for pickers.")
    help = "Show (or with --start, start) the next cart batch for a picker."
    parser = picklist.add_parser("next", help=help, description=help)
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
    parser.add_argument("--picker", required=True, metavar="BADGE", help="the picker's badge")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--start", action="store_true", help="start the batch (otherwise nothing is written)")
    parser.add_argument("--now", help="plan as of this ISO 8601 moment instead of the current time")
    parser.set_defaults(func=_next)


def _next(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    user = user_for_badge(db, args.picker)
    if not user.has_role("picker"):
        raise HandoffError(f"Badge {args.picker} belongs to {user.name}, who does not have the picker role.")
    clock: Clock = FixedClock(parse_iso(args.now)) if args.now else SystemClock()
    plan = plan_batch(db, user, clock.now(), load_settings())
    if plan is None:
        result: dict[str, Any] = {"orders": [], "tasks": [], "distance_m": 0.0}
    else:
        if args.start:
            apply_op(db, "BatchStarted", plan.op_args(), clock=clock)
        result = {
            "orders": [{"ref": o.ref, "service": o.service, "ship_by": o.ship_by, "at_risk": o.at_risk,
                        "tote_slot": o.tote_slot} for o in plan.orders],
            "tasks": [{"location": t.location_code, "sku": t.sku_code, "qty": t.qty, "tote_slot": t.tote_slot}
                      for t in plan.tasks],
            "distance_m": round(plan.distance_m, 3),
        }
    if args.json:
        print_json(result)
    elif plan is None:
        print(f"Nothing to pick for {user.name} right now.")
    else:
        verb = "Started" if args.start else "Next"
        print(f"{verb} batch for {user.name}: {len(plan.orders)} orders, {len(plan.tasks)} tasks, "
              f"{result['distance_m']} m")
        for o in result["orders"]:
            risk = "  AT RISK" if o["at_risk"] else ""
            print(f"  tote {o['tote_slot']}: {o['ref']} {o['service']} ship by {o['ship_by']}{risk}")
        for step, t in enumerate(result["tasks"], 1):
            print(f"  {step:3d}. {t['location']}  {t['qty']} × {t['sku']}  → tote {t['tote_slot']}")
    return 0
