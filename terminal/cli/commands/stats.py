"""`handoff stats --db PATH [--from ISO] [--to ISO] --json`: the shift KPIs of DESIGN §8.

Without --from/--to the window is the current shift up to now (see terminal/stats/window.py:
shifts start at `stats.shift_starts`, default 06:00/14:00/22:00 site time). With only --to, the
window starts at the start of the shift --to falls in; with only --from, it ends now."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminal.cli import print_json
from terminal.clock import SystemClock, iso, parse_iso
from terminal.config import load_settings
from terminal.errors import HandoffError
from terminal.stats.kpis import compute_kpis
from terminal.stats.reader import ReadOnlyDb, open_read_only
from terminal.stats.window import window_for

if TYPE_CHECKING:
    import sqlite_utils


def register(sub: Any) -> None:
    help = "Show the shift KPIs (order-to-ship time, on-time handover, rates, lockers)."
    parser = sub.add_parser("stats", help=help, description=help)
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
    parser.add_argument("--from", dest="start", metavar="ISO", help="window start, ISO 8601 (default: shift start)")
    parser.add_argument("--to", dest="end", metavar="ISO", help="window end, ISO 8601, exclusive (default: now)")
    parser.add_argument("--json", action="store_true", help="print the KPIs as one JSON object")
    parser.add_argument("--now", metavar="ISO",
                        help="take the figures as of this moment instead of the clock (replaying a simulated shift)")
    parser.set_defaults(func=_stats)


def parse_moment(text: str | None, option: str) -> datetime | None:
    """A user-given ISO 8601 moment (naive = UTC), or a one-sentence HandoffError."""
    if text is None:
        return None
    try:
        return parse_iso(text.strip())
    except ValueError:
        raise HandoffError(
            f"{option} {text!r} is not an ISO 8601 time; write it like 2026-11-23T06:00:00Z."
        ) from None


def _open(path: Path) -> ReadOnlyDb | sqlite_utils.Database:
    reader = open_read_only(path)
    if reader is not None:
        return reader
    from terminal.store import open_db  # missing, damaged or on an older schema: open_db says so or migrates

    return open_db(path)


def _stats(args: argparse.Namespace) -> int:
    start = parse_moment(args.start, "--from")
    end = parse_moment(args.end, "--to")
    now = parse_moment(args.now, "--now") or SystemClock().now()
    if start is not None and end is not None and end <= start:
        raise HandoffError(f"--to {args.end} is not after --from {args.start}; give a later --to.")
    settings = load_settings()
    db = _open(args.db)
    # a second read-only connection reads half the KPIs meanwhile (terminal/stats/pooled.py)
    other = open_read_only(args.db)
    try:
        window = window_for(db, now, start, end, settings)
        kpis = compute_kpis(db, window, settings, other=other)
    finally:
        db.close()
        if other is not None:
            other.close()
    if args.json:
        print_json(kpis)
        return 0
    print(f"Shift {iso(window.start)} – {iso(window.stop)}")
    for key, value in kpis.items():
        print(f"  {key:28} {'—' if value is None else value}")
    return 0
