"""What checking the database costs: opening it (SQLite's quick check on every open) and a verified,
atomic `db backup`, each against the bare SQLite work measured in the same run on the same file.

Baselines: the same `open_db` with `verify=False` (what opening did before the check: pragmas, the
Handoff markers, the migration look-up) and SQLite's backup API into a file with nothing else (no
integrity check, no fsync, no rename)."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.table import Row

RUNS = 5


def _median_s(action: Callable[[], None]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> list[Row]:
    from bench.fixtures import large_demo_db
    from terminal.store import open_db
    from terminal.store.backup import backup_to

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "terminal.db"
        shutil.copy(large_demo_db(), path)
        size_mb = path.stat().st_size / 1e6

        def bare_open() -> None:
            open_db(path, verify=False).close()

        def checked_open() -> None:
            open_db(path).close()

        def bare_backup() -> None:
            with sqlite3.connect(path) as source, sqlite3.connect(Path(folder) / "bare.db") as out:
                source.backup(out)
            source.close()
            out.close()

        def verified_backup() -> None:
            db = open_db(path, migrate=False, verify=False, readonly=True)
            backup_to(db, Path(folder) / "verified.db", source=path)
            db.close()

        opened, bare = _median_s(checked_open), _median_s(bare_open)
        copied, bare_copy = _median_s(verified_backup), _median_s(bare_backup)
    note = f"50k-order demo, {size_mb:.0f} MB, median of {RUNS}"
    return [
        Row("store", "open (quick check) s", f"{opened:.3f}", "",
            f"{note}; unchecked open {bare:.4f} s (×{opened / bare:.0f})"),
        Row("store", "db backup (verified, atomic) s", f"{copied:.3f}", "",
            f"{note}; bare backup API {bare_copy:.3f} s (×{copied / bare_copy:.1f})"),
    ]
