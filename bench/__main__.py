"""Run every benchmark module (`bench/bench_*.py`, each with `run() -> list[Row]`) and print one table.

Set BENCH_ONLY=name,name to run a subset."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
import traceback

import bench
from bench.table import Row, print_table


def main() -> int:
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    rows: list[Row] = []
    failed = 0
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (only and info.name[6:] not in only):
            continue
        started = time.perf_counter()
        print(f"… {info.name}", file=sys.stderr, flush=True)
        try:
            rows.extend(importlib.import_module(f"bench.{info.name}").run())
        except Exception:  # a broken benchmark is reported as a row, the others still run
            failed += 1
            traceback.print_exc()
            rows.append(Row(info.name, "FAILED", "", "", "see the traceback above"))
        print(f"  {info.name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_table(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
