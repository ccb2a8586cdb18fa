"""`handoff simulate shift --db PATH --pickers N --packers N --hours H [--seed S]`: a shift of
simulated work through the real operations, so the dashboard and benchmarks have data in seconds.

The shift ends now (or starts at --start) on a fixed clock; the people are the database's users with
the picker / packer / courier roles (make them with `handoff demo`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.cli.commands.stats import parse_moment
from terminal.config import load_settings
from terminal.errors import HandoffError
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db


def register(sub: Any) -> None:
    simulate = group(sub, "simulate", "Simulate work on a database (for demos and benchmarks).")
    help = "Simulate a shift of pickers, packers, couriers and recipients through the real operations."
    parser = simulate.add_parser("shift", help=help, description=help)
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file (from handoff demo)")
    parser.add_argument("--pickers", type=int, default=4, help="simulated pickers (default 4)")
    parser.add_argument("--packers", type=int, default=2, help="simulated packers (default 2)")
    parser.add_argument("--hours", type=float, default=8.0, help="length of the shift in hours (default 8)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same shift")
    parser.add_argument("--start", metavar="ISO", help="when the shift starts (default: hours before now)")
    parser.add_argument("--json", action="store_true", help="print what happened as JSON")
    parser.set_defaults(func=_shift)


def _shift(args: argparse.Namespace) -> int:
    if args.pickers < 0 or args.packers < 0 or not 0 < args.hours <= 24:
        raise HandoffError("Give zero or more pickers and packers and between 0 and 24 hours.")
    config = SimConfig(pickers=args.pickers, packers=args.packers, hours=args.hours, seed=args.seed,
                       start=parse_moment(args.start, "--start"))
    db = open_db(args.db)
    try:
        report = simulate_shift(db, args.db, config, load_settings())
    finally:
        db.close()
    result = {"start": report.start, "end": report.end, "counts": report.counts, "missing": report.missing}
    if args.json:
        print_json(result)
        return 0
    print(f"Simulated {report.start} – {report.end}: "
          + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(report.counts.items())) + ".")
    for gap in report.missing:
        print(f"Not simulated: {gap}.")
    return 0
