"""What the fleet-health heartbeat adds to an idle sync cycle, against the same cycle without it.

A terminal with nothing to push and nothing to pull runs `sync_once` — one pull request — against a
real backend process on 127.0.0.1; the heartbeat (terminal/sync/heartbeat.py: the report built from
the database, the device registry and statvfs, then one POST that the backend stores with its
history trimmed) follows on the same client. Both are measured in this run, interleaved cycle by
cycle so drift of the machine falls on both alike: BENCH_HEARTBEAT_CYCLES pairs (default 300), the
median of each. SQLite, and PostgreSQL when HANDOFF_TEST_PG_URL (or BENCH_PG_URL) is set."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_sync import Backend, _seed, _terminal
from bench.bench_sync_floor import _pg_url, _store
from bench.table import Row


def _measure(kind: str, folder: Path, cycles: int) -> tuple[float, float]:
    """Median seconds of an idle cycle without, and with, the heartbeat after it."""
    from terminal.clock import SystemClock
    from terminal.config import Settings
    from terminal.devices.health import DEVICES
    from terminal.sync.cycle import sync_once
    from terminal.sync.enroll import client_for
    from terminal.sync.heartbeat import after_cycle

    DEVICES.boards_checked({board: True for board in range(4)})     # a kiosk's four boards answered
    clock, settings = SystemClock(), Settings({})
    with _store(kind, folder, f"heartbeat-{kind}") as url:
        backend = Backend(url)
        try:
            _seed(backend)
            db, path = _terminal(backend, folder, f"heartbeat-{kind}")
            plain: list[float] = []
            beating: list[float] = []
            with client_for(path, settings) as client:
                sync_once(db, client, clock=clock)                  # the first pull brings the site
                for _ in range(cycles):
                    started = time.perf_counter()
                    sync_once(db, client, clock=clock)
                    plain.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    sync_once(db, client, clock=clock)
                    assert after_cycle(db, client, path, settings, clock, None), "the heartbeat was not stored"
                    beating.append(time.perf_counter() - started)
            db.close()
        finally:
            backend.close()
            DEVICES.forget()
    return statistics.median(plain), statistics.median(beating)


def run() -> list[Row]:
    cycles = int(os.environ.get("BENCH_HEARTBEAT_CYCLES", "300"))
    rows: list[Row] = []
    kinds = ["SQLite", "PostgreSQL"] if _pg_url() else ["SQLite"]
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            plain, beating = _measure(kind, Path(tmp), cycles)
            area = f"fleet heartbeat ({kind})"
            rows.append(Row(area, "idle sync cycle, median", f"{plain * 1000:.2f} ms", "",
                            f"baseline, same run: push (nothing) + one pull; {cycles} cycles"))
            rows.append(Row(area, "idle cycle + heartbeat, median", f"{beating * 1000:.2f} ms",
                            "≤ 2.5× the idle cycle", f"{beating / plain:.2f}× the baseline; "
                            f"+{(beating - plain) * 1000:.2f} ms per cycle"))
    return rows


if __name__ == "__main__":
    from bench.table import print_table

    print_table(run())
