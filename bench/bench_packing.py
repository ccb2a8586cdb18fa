"""Packing: scan-to-feedback latency at the pack station and packing session throughput, on the 50k-order demo.

* scan-to-feedback: one raw scan at the station until its outcome is ready to show — the
  classification (`classify`), `PackSession.handle` (the UnitPacked op, durable commit) and the
  ScanRecorded op the page applies for the scan error rate; for every unit of the demo orders still
  waiting in totes, plus one wrong item per order (goal p99 ≤ 50 ms, issue 6);
* packing throughput: whole orders per second through the real session — tote scan, every unit,
  the weighing, PackageClosed with its tracking number and SSCC, and the label queued in the spool
  (sending it is bench_labels' figure) — i.e. the software's ceiling per station, far above a
  person's ~1 order a minute.
The database is a copy of `bench.fixtures.large_demo_db()`, so the cache stays untouched."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.table import Row, percentile
from terminal.clock import FixedClock, parse_iso
from terminal.config import Settings

AREA = "packing"
MAX_ORDERS = 150


def _packer(db: object) -> object:
    from terminal.people.badges import user_by_id

    row = db.execute("SELECT id FROM users WHERE (',' || roles || ',') LIKE '%,packer,%' AND active = 1"  # type: ignore[attr-defined]
                     " ORDER BY id LIMIT 1").fetchone()
    return user_by_id(db, row[0])  # type: ignore[arg-type]


def run() -> list[Row]:
    from bench.fixtures import large_demo_db
    from terminal.labels.spool import queue_label
    from terminal.ops import apply_op
    from terminal.packing.session import PackSession
    from terminal.scanning.classify import classify
    from terminal.store import open_db

    work = Path(tempfile.mkdtemp()) / "packing.db"
    shutil.copy(large_demo_db(), work)
    db = open_db(work)
    try:
        orders = db.execute("SELECT count(*) FROM orders").fetchone()[0]
        totes = db.execute("SELECT t.code, t.order_id FROM totes t JOIN orders o ON o.id = t.order_id"
                           " WHERE o.status = 'picked' ORDER BY o.ship_by LIMIT ?", (MAX_ORDERS,)).fetchall()
        latest = db.execute("SELECT max(picked_at) FROM orders").fetchone()[0]
        clock = FixedClock(parse_iso(latest))
        packer = _packer(db)
        printer = f"file:{work.parent / 'labels.zpl'}"
        session = PackSession(db, packer, clock=clock, settings=Settings(),  # type: ignore[arg-type]
                              print_label=lambda pid: queue_label(db, pid, printer, clock=clock))
        wrong = db.execute("SELECT sku_code FROM sku_barcodes ORDER BY barcode LIMIT 1").fetchone()[0]
        latencies: list[float] = []
        per_order: list[float] = []

        def scan(raw: str) -> None:
            started = time.perf_counter()
            typed = classify(db, raw)
            outcome = session.handle(typed)
            apply_op(db, "ScanRecorded", {"user_id": session.user.id, "context": "packing", "raw": raw,
                                          "kind": type(typed).__name__, "accepted": outcome.ok,
                                          "reason": None if outcome.ok else outcome.message,
                                          "order_id": session.order_id}, clock=clock)
            latencies.append((time.perf_counter() - started) * 1000)

        for tote, order_id in totes:
            started = time.perf_counter()
            scan(tote)
            units = db.execute("SELECT l.sku_code, l.picked_qty FROM order_lines l WHERE l.order_id = ?",
                               (order_id,)).fetchall()
            if wrong not in {sku for sku, _ in units}:
                scan(wrong)
            for sku, qty in units:
                for _ in range(qty):
                    scan(sku)
            expected = session.expected_weight_g()
            if expected is not None:
                session.weigh(expected, "scale")
            per_order.append(time.perf_counter() - started)
            clock.advance(seconds=60)
        packed = db.execute("SELECT count(*) FROM packages WHERE packed_by = ?", (session.user.id,)).fetchone()[0]
    finally:
        db.close()
        shutil.rmtree(work.parent, ignore_errors=True)
    if not latencies:
        return [Row(AREA, "scan-to-feedback latency", "n/a", "p99 ≤ 50 ms", "no picked orders in totes")]
    return [
        Row(AREA, "scan-to-feedback latency (pack station)",
            f"p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms", "p99 ≤ 50 ms",
            f"{len(latencies)} scans over {len(totes)} orders of the demo {orders}-order database: classify + "
            f"PackSession.handle + ScanRecorded, durable commits"),
        Row(AREA, "packing session throughput",
            f"{len(per_order) / sum(per_order):.1f} orders/s (p50 {statistics.median(per_order) * 1000:.0f} ms/order)",
            "", f"{packed} packages closed: tote, every unit, one wrong scan, weight, PackageClosed, label queued"),
    ]
