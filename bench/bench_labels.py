"""Label benchmarks: ZPL generation per label (goal ≤ 5 ms), PNG preview render, and labels per
minute end to end (queue → spool → raw TCP) to a printer server on loopback."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

from bench.table import Row, percentile

LABELS = 300


def _printer() -> tuple[socket.socket, list[int]]:
    """A loopback raw-9100 printer that swallows jobs; returns the socket and the received sizes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    sizes: list[int] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                total = 0
                while chunk := conn.recv(65536):
                    total += len(chunk)
                sizes.append(total)

    threading.Thread(target=serve, daemon=True).start()
    return server, sizes


def _site(folder: Path):  # type: ignore[no-untyped-def]
    from terminal.labels.content import make_sscc
    from terminal.store import open_db

    db = open_db(folder / "labels.db", create=True)
    db.execute("INSERT INTO sites (id, name, kind, address) VALUES ('W', 'Magazyn Łódź', 'warehouse',"
               " 'ul. Żółkiewskiego 7, 90-001 Łódź')")
    db.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD Polska')")
    for n in range(LABELS):
        db.execute("INSERT INTO orders (id, ref, site_id, service, carrier_code, delivery_method, recipient_name,"
                   " recipient_street, recipient_postcode, recipient_city, created_at) VALUES"
                   " (?, ?, 'W', 'NEXT_DAY', 'DPD', 'courier', 'Zażółć Gęślą Jaźń', 'ul. Świętokrzyska 12', '00-916',"
                   " 'Warszawa', '2026-11-23T07:00:00Z')", (f"o{n}", f"ORD-{n}"))
        db.execute("INSERT INTO packages (id, order_id, tracking_number, sscc, weight_g) VALUES (?, ?, ?, ?, 1200)",
                   (f"p{n}", f"o{n}", f"DPD{100000000000 + n}", make_sscc(0, "590123456", n + 1)))
    db.conn.commit()
    return db


def run() -> list[Row]:
    from terminal.clock import FixedClock
    from terminal.labels.content import label_for_package
    from terminal.labels.image import render_png
    from terminal.labels.spool import queue_label, send_pending
    from terminal.labels.zpl import to_zpl

    with tempfile.TemporaryDirectory() as folder:
        db = _site(Path(folder))
        labels = [label_for_package(db, f"p{n}") for n in range(LABELS)]
        zpl_ms = []
        for label in labels:
            started = time.perf_counter()
            to_zpl(label)
            zpl_ms.append((time.perf_counter() - started) * 1000)
        png_ms = []
        for label in labels[:40]:
            started = time.perf_counter()
            render_png(label)
            png_ms.append((time.perf_counter() - started) * 1000)
        server, sizes = _printer()
        uri = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        clock = FixedClock()
        count = 100
        started = time.perf_counter()
        for n in range(count):
            queue_label(db, f"p{n}", uri, clock=clock)
            outcomes = send_pending(db, clock=clock, timeout_s=2)
            assert [o.status for o in outcomes] == ["sent"], outcomes
        elapsed = time.perf_counter() - started
        server.close()
        db.close()
    return [
        Row("labels", "ZPL generation per label p50 / p99", f"{percentile(zpl_ms, 0.5):.3f} / "
            f"{percentile(zpl_ms, 0.99):.3f} ms", "≤ 5 ms", f"{LABELS} labels, 4x6 in, 2 barcodes"),
        Row("labels", "PNG preview render p50 / p99", f"{percentile(png_ms, 0.5):.1f} / "
            f"{percentile(png_ms, 0.99):.1f} ms", "", "812 x 1218, Pillow"),
        Row("labels", "labels per minute to a TCP printer", f"{count / elapsed * 60:,.0f} /min", "",
            f"queue + spool + raw 9100 on loopback, {count} labels, {len(sizes)} received"),
    ]
