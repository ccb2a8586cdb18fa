"""`handoff enroll --backend URL --code CODE`, `handoff sync now|status --db PATH --json`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.config import default_db_path, load_settings
from terminal.store import open_db


def register(sub: Any) -> None:
    enroll = sub.add_parser("enroll", help="Enrol this terminal with a sync backend using a one-time code.")
    enroll.add_argument("--backend", required=True, help="backend URL, e.g. https://sync.example.com")
    enroll.add_argument("--code", required=True, help="the enrollment code from `handoff-backend enroll-code`")
    enroll.add_argument("--db", type=Path, default=None, help="the terminal database file")
    enroll.add_argument("--name", default="", help="this terminal's name (default: the host name)")
    enroll.add_argument("--json", action="store_true")
    enroll.set_defaults(func=_enroll)
    sync = group(sub, "sync", "Synchronise with the backend.")
    now = sync.add_parser("now", help="Push waiting ops and pull changes once, now.")
    status = sync.add_parser("status", help="Show online state, ops waiting, last success and last error.")
    for parser, func in ((now, _now), (status, _status)):
        parser.add_argument("--db", type=Path, default=None, help="the terminal database file")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(func=func)


def _enroll(args: argparse.Namespace) -> int:
    from terminal.sync.enroll import enroll_terminal

    result = enroll_terminal(args.db or default_db_path(), args.backend, args.code, name=args.name,
                             settings=load_settings())
    if args.json:
        print_json(result)
    else:
        print(f"Enrolled as {result['name']} ({result['terminal_id']}) at site {result['site_id']}.")
    return 0


def _now(args: argparse.Namespace) -> int:
    from terminal.clock import SystemClock
    from terminal.sync.client import SyncError
    from terminal.sync.cycle import record_failure, sync_once
    from terminal.sync.enroll import client_for
    from terminal.sync.heartbeat import after_cycle
    from terminal.sync.status import sync_status

    db_path = args.db or default_db_path()
    db = open_db(db_path)
    error: str | None = None
    result: dict[str, Any] = {}
    settings, clock = load_settings(), SystemClock()
    try:
        with client_for(db_path, settings) as client:
            try:
                result = sync_once(db, client, clock=clock)
            except Exception as exc:
                after_cycle(db, client, db_path, settings, clock, exc)   # fleet health, as the worker
                raise
            after_cycle(db, client, db_path, settings, clock, None)
    except SyncError as exc:
        record_failure(db, exc)
        error = str(exc)
    status = sync_status(db)
    if args.json:
        print_json({"ok": error is None, "error": error, "result": result, "status": status})
    elif error:
        print(f"Sync failed: {error}")
    else:
        print(f"Synced: {result['acked']} ops sent, {result['pulled']} changes received; "
              f"{status['ops_waiting']} ops waiting.")
        if status["last_error"]:   # e.g. changes set aside (quarantined): the sync went on
            print(status["last_error"])
    return 0 if error is None else 1


def _status(args: argparse.Namespace) -> int:
    from terminal.sync.status import sync_status

    status = sync_status(open_db(args.db or default_db_path()))
    if args.json:
        print_json(status)
    else:
        print(f"{status['state']}: {status['ops_waiting']} ops waiting"
              + (f" (oldest {status['oldest_age_s']} s)" if status["oldest_age_s"] is not None else "")
              + f"; last success {status['last_success'] or 'never'}"
              + (f"; last error: {status['last_error']}" if status["last_error"] else ""))
    return 0
