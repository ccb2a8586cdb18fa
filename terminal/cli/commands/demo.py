"""`handoff demo --db PATH [--seed N] [--orders N] [--now ISO] [--force]` and
`handoff demo --sheet FILE.pdf [--language pl|en]`."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from terminal.cli import print_json
from terminal.clock import SystemClock
from terminal.config import default_db_path, load_settings
from terminal.errors import HandoffError


def register(sub: Any) -> None:
    help = "Make the demo warehouse and locker site, or print its barcode sheet."
    parser = sub.add_parser("demo", help=help, description=help)
    parser.add_argument("--db", type=Path, help="the database file to make (or to read with --sheet)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
    parser.add_argument("--orders", type=int, default=300, help="open orders to make (default 300)")
    parser.add_argument("--now", help="the moment to make the data for, ISO 8601 (default: today 10:00 local)")
    parser.add_argument("--force", action="store_true", help="replace an existing database")
    parser.add_argument("--sheet", type=Path, metavar="FILE.pdf", help="print an A4 barcode sheet to this PDF")
    parser.add_argument("--language", choices=("pl", "en"),
                        help="the sheet's language (default: the setting ui.language, else Polish)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=_demo)


def _now(text: str | None) -> datetime:
    from terminal.demo.carriers import SITE_TZ

    if text is None:
        today = SystemClock().now().astimezone(SITE_TZ)
        return today.replace(hour=10, minute=0, second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise HandoffError(f"--now {text!r} is not an ISO 8601 moment such as 2026-11-23T10:00.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_TZ)


def _remove_database(path: Path) -> None:
    from terminal.demo import codes_path_for

    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), codes_path_for(path)):
        file.unlink(missing_ok=True)


def _demo(args: argparse.Namespace) -> int:
    settings = load_settings()
    language = args.language or str(settings.get("ui.language", "pl"))
    if args.sheet and not args.db:
        from terminal.demo.sheet import write_sheet

        pages = write_sheet(args.sheet, db_path=None, language=language)
        print(f"Wrote the demo sheet ({pages} pages, no parcel codes without --db) to {args.sheet}.")
        return 0
    db_path: Path = args.db or default_db_path()
    exists = db_path.exists() and db_path.stat().st_size > 0
    if args.sheet and exists and not args.force:
        from terminal.demo.sheet import write_sheet

        pages = write_sheet(args.sheet, db_path=db_path, language=language)
        print(f"Wrote the demo sheet for {db_path} ({pages} pages) to {args.sheet}.")
        return 0
    if exists and not args.force:
        raise HandoffError(f"{db_path} already exists and is not empty; use --force to replace it with the demo.")
    if args.orders < 1:
        raise HandoffError("--orders must be 1 or more.")
    now = _now(args.now)

    from terminal.demo import generate
    from terminal.store import open_db

    _remove_database(db_path)
    started = time.perf_counter()
    db = open_db(db_path, create=True)
    try:
        summary = generate(db, seed=args.seed, orders=args.orders, now=now, db_path=db_path, settings=settings)
    finally:
        db.close()
    seconds = time.perf_counter() - started
    if args.sheet:
        from terminal.demo.sheet import write_sheet

        write_sheet(args.sheet, db_path=db_path, language=language)
    if args.json:
        print_json({**summary.as_dict(), "seconds": round(seconds, 2)})
    else:
        print(f"Made the demo site in {db_path} in {seconds:.1f} s: {summary.orders} open orders "
              f"({summary.late_orders} late), {summary.skus} SKUs, {summary.locations} locations, "
              f"{summary.compartments} locker compartments, {summary.parcels} parcels.")
        print(f"Badges: B-1000 (every role); pickers {', '.join(summary.badges['picker'][1:])}; "
              f"supervisor {summary.badges['supervisor'][1]}. Parcel codes for testers: {summary.codes_path}")
    return 0


