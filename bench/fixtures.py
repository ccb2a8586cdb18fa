"""Demo databases for benchmarks: a cached 50k-order site and a small one made fresh.

`large_demo_db()` keeps `.demo/bench-50k.db` in the repository (ignored by git) and rebuilds it
when it is missing, from another schema version or from an older demo generator."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".demo" / "bench-50k.db"
LARGE_ORDERS = 50_000
SEED = 1


def build_demo(path: Path, *, orders: int, seed: int = SEED) -> float:
    """Make a demo database at `path` (replacing one there); returns the seconds generate() took."""
    from terminal.config import Settings
    from terminal.demo import codes_path_for, generate
    from terminal.store import open_db

    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), codes_path_for(path), Path(f"{path}.sitekey")):
        file.unlink(missing_ok=True)
    db = open_db(path, create=True)
    try:
        started = time.perf_counter()
        generate(db, seed=seed, orders=orders, db_path=path, settings=Settings())
        return time.perf_counter() - started
    finally:
        db.close()


def _is_current(path: Path) -> bool:
    from terminal.demo import DEMO_FORMAT
    from terminal.store import LATEST_VERSION

    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
            marks = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE 'demo.%'").fetchall())
    except sqlite3.Error:
        return False
    return (version == LATEST_VERSION and marks.get("demo.format") == str(DEMO_FORMAT)
            and marks.get("demo.orders") == str(LARGE_ORDERS) and marks.get("demo.seed") == str(SEED))


def large_demo_db() -> Path:
    """The cached 50,000-order demo database (built on first use, ~10–20 s)."""
    if not _is_current(CACHE):
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        building = CACHE.with_name(f"{CACHE.stem}.{os.getpid()}.building.db")
        build_demo(building, orders=LARGE_ORDERS)
        for suffix in (".sitekey", ".demo-codes.json"):
            os.replace(f"{building}{suffix}", f"{CACHE}{suffix}")
        os.replace(building, CACHE)
    return CACHE


def small_demo_db(tmp: Path, *, orders: int = 300) -> Path:
    """A fresh 300-order demo database in the folder `tmp`."""
    path = Path(tmp) / "demo.db"
    build_demo(path, orders=orders)
    return path
