"""`handoff stock card SKU --db PATH [--location CODE] [--json]`: the stock card of one SKU — every
movement with its time, kind, location, change, the location's running balance, who, reason and
reference. `handoff stock adjust --db PATH --location CODE --sku SKU --delta N --reason CODE
--supervisor BADGE`: a supervisor's correction of the books (the StockAdjusted operation, queued for sync).

JSON of `card`: `{"sku", "on_hand": {location: qty}, "movements": [{"id", "at", "kind", "location_code",
"delta", "balance", "user_id", "user_name", "reason", "ref_type", "ref_id"}]}`, oldest first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.errors import HandoffError
from terminal.inventory.counts import REASONS
from terminal.inventory.stock_card import on_hand_by_location, stock_card
from terminal.ops import apply_op
from terminal.people.badges import user_for_badge
from terminal.store import open_db


def register(sub: Any) -> None:
    stock = group(sub, "stock", "Book stock: the stock card and a supervisor's adjustments.")
    help = "Show every movement of a SKU with the running balance per location."
    card = stock.add_parser("card", help=help, description=help)
    card.add_argument("sku", metavar="SKU", help="the SKU code")
    card.add_argument("--db", type=Path, required=True, help="the terminal database file")
    card.add_argument("--location", metavar="CODE", help="only the movements at this location")
    card.add_argument("--json", action="store_true", help="print the card as JSON")
    card.set_defaults(func=_card)
    help = "Correct the book stock of a SKU at a location (a supervisor, with a reason code)."
    adjust = stock.add_parser("adjust", help=help, description=help)
    adjust.add_argument("--db", type=Path, required=True, help="the terminal database file")
    adjust.add_argument("--location", required=True, metavar="CODE", help="the location")
    adjust.add_argument("--sku", required=True, help="the SKU code")
    adjust.add_argument("--delta", required=True, type=int, help="units to add (negative: to take off)")
    adjust.add_argument("--reason", required=True, choices=REASONS, help="the reason code")
    adjust.add_argument("--supervisor", required=True, metavar="BADGE", help="the supervisor's badge")
    adjust.set_defaults(func=_adjust)


def _card(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    try:
        if db.execute("SELECT 1 FROM skus WHERE code = ?", (args.sku,)).fetchone() is None:
            raise HandoffError(f"SKU {args.sku} is not known in {args.db}.")
        lines = stock_card(db, args.sku, args.location)
        held = on_hand_by_location(db, args.sku)
    finally:
        db.close()
    if args.json:
        print_json({"sku": args.sku, "on_hand": held, "movements": [line.as_json() for line in lines]})
        return 0
    print(f"Stock card of {args.sku}: {sum(held.values())} on hand")
    for line in lines:
        print(f"  {line.at}  {line.kind:10} {line.location_code:14} {line.delta:+6d} = {line.balance:6d}"
              f"  {line.user_name or line.user_id or '-':20} {line.reason or '':18} {line.ref_type} {line.ref_id}")
    return 0


def _adjust(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    try:
        supervisor = user_for_badge(db, args.supervisor)
        applied = apply_op(db, "StockAdjusted", {"location_code": args.location, "sku_code": args.sku,
                                                 "delta": args.delta, "reason": args.reason,
                                                 "supervisor_id": supervisor.id})
    finally:
        db.close()
    print(f"{args.sku} at {args.location}: {applied.result['applied']:+d} ({args.reason}), by {supervisor.name}.")
    return 0
