"""`handoff import orders|skus|locations|stock|users FILE --db PATH [--skip-bad] [--now ISO] [--json]`:
load a standalone site's orders and master data from CSV or JSON (columns in docs/OPERATIONS.md).

Every row is checked first; each bad one is reported with its line and reason, and nothing is imported
while any row is bad unless `--skip-bad` (then the good rows are). A progress bar shows on a terminal
(stderr), not with `--json`. JSON: `{"kind", "file", "rows", "imported", "ops", "bad": [{"line",
"code", "args", "reason"}]}`. Exit 1 when bad rows stopped the import, 2 on an enrolled terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from terminal.cli import print_json
from terminal.clock import Clock, FixedClock, SystemClock, parse_iso
from terminal.errors import HandoffError
from terminal.imports.columns import KINDS
from terminal.store import open_db

Advance = Callable[[int], None]


def register(sub: Any) -> None:
    help = "Import orders, SKUs, locations, stock or users from a CSV or JSON file (a site without a backend)."
    parser = sub.add_parser("import", help=help, description=help)
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", type=Path, metavar="FILE", help="a .csv, .json or .jsonl file")
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
    parser.add_argument("--skip-bad", action="store_true",
                        help="import the good rows even when some are bad (each bad one is still reported)")
    parser.add_argument("--now", help="import as of this ISO 8601 moment (orders without created_at)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON, no progress bar")
    parser.set_defaults(func=_import)


class _Bar:
    """The progress bar on stderr (rich), or nothing: checking the rows, then writing them."""

    def __init__(self, progress: Any = None) -> None:
        self.progress = progress
        self.task: Any = None

    def stage(self, label: str, total: int | None) -> Advance:
        if self.progress is None:
            return lambda n: None
        self.finish()
        self.task = task = self.progress.add_task(label, total=total)
        return lambda n: self.progress.advance(task, n)

    def finish(self) -> None:
        """Show the stage in progress as done (its total was a line count, or unknown)."""
        if self.progress is not None and self.task is not None:
            done = self.progress.tasks[self.task].completed
            self.progress.update(self.task, total=done, completed=done)


@contextmanager
def _bar(show: bool) -> Iterator[_Bar]:
    if not show:
        yield _Bar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as progress:
        bar = _Bar(progress)
        yield bar
        bar.finish()


def _import(args: argparse.Namespace) -> int:
    from terminal.imports.apply import apply_rows
    from terminal.imports.check import check_file
    from terminal.imports.ops import enrolled

    if not args.file.is_file():
        raise HandoffError(f"There is no file {args.file}.")
    db = open_db(args.db)
    if enrolled(db):
        from terminal.sentences import say
        raise HandoffError(say("import_enrolled").text)
    clock: Clock = FixedClock(parse_iso(args.now)) if args.now else SystemClock()
    show = not args.json and sys.stderr.isatty()
    with _bar(show) as bar:
        checked = check_file(db, args.kind, args.file, clock.now(), bar.stage("check", _rows_about(args.file, show)))
        stop = bool(checked.bad) and not args.skip_bad
        imported = None
        if not stop and checked.rows:
            imported = apply_rows(db, checked, clock=clock, progress=bar.stage("write", len(checked.rows)))
    result = {"kind": args.kind, "file": str(args.file), "rows": checked.read,
              "imported": imported.rows if imported else 0, "ops": imported.ops if imported else 0,
              "bad": [{"line": b.line, "code": b.reason.code, "args": list(b.reason.args), "reason": b.reason.text}
                      for b in checked.bad]}
    if args.json:
        print_json(result)
    else:
        for bad in checked.bad:
            print(f"{args.file}:{bad.line}: {bad.reason.text}", file=sys.stderr)
        if stop:
            print(f"Nothing imported: {len(checked.bad)} bad row(s); fix them or use --skip-bad.", file=sys.stderr)
        else:
            skipped = f", {len(checked.bad)} bad row(s) skipped" if checked.bad else ""
            print(f"Imported {result['imported']} {args.kind} from {args.file}"
                  f" in {result['ops']} operation(s){skipped}.")
    return 1 if stop else 0


def _rows_about(path: Path, show: bool) -> int | None:
    """The checking bar's length: the lines of a CSV or JSON Lines file (a row a line, read in a
    blink); unknown for a JSON array, whose objects span many lines."""
    from terminal.imports.read import file_format

    if not show or file_format(path) == "json":
        return None
    with path.open("rb") as raw:
        lines = sum(block.count(b"\n") for block in iter(lambda: raw.read(1 << 20), b""))
    return max(0, lines - (file_format(path) == "csv"))
