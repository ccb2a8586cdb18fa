"""`handoff db migrate|check|backup --db PATH`."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.store import LATEST_VERSION, open_db, schema_version
from terminal.store.backup import backup_to, foreign_key_problems, integrity_check
from terminal.store.health import damaged


def register(sub: Any) -> None:
    db = group(sub, "db", "Look after the terminal database.")
    for name, func, help in (
        ("migrate", _migrate, "Copy the database to DB.schemaN.bak, then bring it to the latest schema."),
        ("check", _check, "Run SQLite's integrity and foreign key checks and report the schema version."),
        ("backup", _backup, "Copy the database with SQLite's online backup, checked before it is kept."),
    ):
        parser = db.add_parser(name, help=help, description=help)
        parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        if name == "backup":
            parser.add_argument("-o", "--output", type=Path, help="where to write (default: next to it)")
        parser.set_defaults(func=func)


def _migrate(args: argparse.Namespace) -> int:
    from terminal.store.db import migrate_with_backup

    db = open_db(args.db, create=True, migrate=False)
    try:
        applied, backup = migrate_with_backup(db, args.db)
        version = schema_version(db)
    finally:
        db.close()
    result = {"db": str(args.db), "applied": applied, "schema_version": version,
              "backup": str(backup) if backup else None}
    print_json(result) if args.json else print(
        f"{args.db}: schema version {version}"
        + (f" (applied {', '.join(map(str, applied))})" if applied else " (already up to date)")
        + (f"; the previous version is kept in {backup}" if backup else "")
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    # Read-only, not verified on open: the full check below is the point, and a backup on a read-only
    # disk must be checkable too.
    db = open_db(args.db, migrate=False, verify=False, readonly=True)
    try:
        problems = integrity_check(db)
        problems += foreign_key_problems(db) if not problems else []
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        # So damaged that SQLite cannot even walk it: the error itself is the finding.
        problems, version = [str(exc)], -1
    finally:
        db.close()
    result = {"db": str(args.db), "ok": not problems and version <= LATEST_VERSION, "integrity": problems or ["ok"],
              "schema_version": version, "latest_schema_version": LATEST_VERSION}
    if args.json:
        print_json(result)
    elif problems:
        print(f"handoff: {damaged(args.db, problems, hint=False)}", file=sys.stderr)
    elif version > LATEST_VERSION:
        print(f"handoff: {args.db} has schema version {version}, newer than this Handoff understands "
              f"({LATEST_VERSION}); install the newer Handoff or use another database.", file=sys.stderr)
    else:
        print(f"{args.db}: integrity ok, schema version {version} (latest {LATEST_VERSION}).")
    return 0 if result["ok"] else 1


def _backup(args: argparse.Namespace) -> int:
    # The copy is checked before it is kept (backup_to), which also refuses a damaged database.
    db = open_db(args.db, migrate=False, verify=False, readonly=True)
    try:
        target = backup_to(db, args.output or args.db.with_suffix(".backup.db"), source=args.db)
    finally:
        db.close()
    print_json({"backup": str(target)}) if args.json else print(f"Backed up {args.db} to {target}.")
    return 0
