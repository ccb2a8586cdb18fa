"""`handoff import orders` of a 50,000-order CSV (about 100,000 lines) into a standalone demo site,
against the floor measured in the same run: raw sqlite3 executemany of the same order and line rows,
in one transaction, into a copy of the same site (same schema, indexes and pragmas, the import's page cache).

The import checks every row (msgspec, the catalogue, the carrier calendar for each ship-by) and then
writes one OrdersImported op per 5,000 orders; the floor does none of that, so the ratio is what the
checking, the ops and the outbox cost over SQLite's own insert speed."""

from __future__ import annotations

import contextlib
import csv
import io
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.table import Row

ORDERS = 50_000
SERVICES = ("EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD")


def _write_orders(path: Path, skus: list[str], routes: list[tuple[str, str]]) -> int:
    rng = random.Random(19)
    lines = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["ref", "service", "carrier", "recipient_name", "recipient_city", "recipient_postcode",
                         "created_at", "sku", "qty"])
        for n in range(ORDERS):
            created = f"2026-11-23T{rng.randint(0, 5):02d}:{rng.randint(0, 59):02d}:00Z"
            carrier, service = rng.choice(routes)
            head = [f"IMP-{n:06d}", service, carrier, "Jan Kowalski", "Kraków", "30-001", created]
            for sku in rng.sample(skus, rng.choice((1, 1, 2, 3))):
                writer.writerow([*head, sku, rng.randint(1, 3)])
                lines += 1
    return lines


def run() -> list[Row]:
    from bench.fixtures import build_demo
    from terminal.cli import run as handoff
    from terminal.clock import FixedClock, parse_iso
    from terminal.imports.apply import IMPORT_CACHE_KIB, apply_rows
    from terminal.imports.check import check_file
    from terminal.imports.ops import ORDER_COLUMNS, order_values
    from terminal.store import open_db

    now = "2026-11-23T06:00:00Z"
    with tempfile.TemporaryDirectory(prefix="handoff-bench-") as tmp:
        folder = Path(tmp)
        site = folder / "site.db"
        build_demo(site, orders=1)
        db = open_db(site)
        db.execute("DELETE FROM sync_state WHERE key = 'terminal_id'")   # a standalone site
        skus = [r[0] for r in db.execute("SELECT code FROM skus").fetchall()]
        routes = sorted({(carrier, service) for carrier, services in db.execute(
            "SELECT carrier_code, services FROM carrier_departures").fetchall()
            for service in SERVICES if services == "*" or service in services.split(",")})
        db.conn.commit()
        db.close()
        file = folder / "orders.csv"
        lines = _write_orders(file, skus, routes)
        for copy in ("import.db", "floor.db", "check.db"):   # each measurement writes into its own copy
            shutil.copy(site, folder / copy)

        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):   # its --json answer is not the bench table's
            code = handoff(["import", "orders", str(file), "--db", str(folder / "import.db"), "--now", now, "--json"])
        whole = time.perf_counter() - started
        assert code == 0, "the bench's import was refused"

        db = open_db(folder / "check.db")
        started = time.perf_counter()
        checked = check_file(db, "orders", file, FixedClock(parse_iso(now)).now())
        checking = time.perf_counter() - started
        started = time.perf_counter()
        apply_rows(db, checked, clock=FixedClock(parse_iso(now)))   # the write alone: ten ops, one transaction
        writing = time.perf_counter() - started
        db.close()
        assert not checked.bad and len(checked.rows) == ORDERS
        orders = [order_values(o) for o in checked.rows]
        order_lines = [(f"{o['id']}-{x['line_no']}", o["id"], x["line_no"], x["sku_code"], x["qty"])
                       for o in checked.rows for x in o["lines"]]

        conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                       f"cache_size={IMPORT_CACHE_KIB}"):
            conn.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO orders ({', '.join(ORDER_COLUMNS)})"
                         f" VALUES ({', '.join('?' * len(ORDER_COLUMNS))})", orders)
        conn.executemany("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)",
                         order_lines)
        conn.execute("COMMIT")
        floor = time.perf_counter() - started
        conn.close()
        imported = sqlite3.connect(folder / "import.db").execute(
            "SELECT count(*) FROM orders WHERE ref LIKE 'IMP-%'").fetchone()[0]
        assert imported == ORDERS
    note = f"{ORDERS:,} orders, {lines:,} lines, CSV, 10 ops"
    return [
        Row("import", "handoff import orders (50k) s", f"{whole:.2f}", "seconds",
            f"{note}, the whole command; raw executemany of its rows {floor:.2f} s (×{whole / floor:.1f})"),
        Row("import", "  checking 50k orders s", f"{checking:.2f}", "",
            "read, msgspec, catalogue, the carrier calendar for each ship-by"),
        Row("import", "  writing 50k orders s", f"{writing:.2f}", "",
            f"10 OrdersImported ops in one transaction; the same rows by raw executemany {floor:.2f} s"
            f" (×{writing / floor:.1f})"),
    ]
