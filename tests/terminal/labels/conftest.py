"""A small hand-made site for label tests: a warehouse, a locker, two carriers, packed orders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent))   # label_world, as the other capabilities' worlds

from label_world import SSCC_1, SSCC_2  # noqa: E402
from printer_server import PrinterServer  # noqa: E402


@pytest.fixture
def site(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    db = fresh_db
    db.executescript(f"""
    INSERT INTO sites (id, name, kind, address) VALUES
      ('WAW-1', 'Magazyn Łódź Widzew', 'warehouse', 'ul. Żółkiewskiego 7, 90-001 Łódź'),
      ('AOB-17', 'Automat Grójecka 17', 'locker', 'ul. Grójecka 17, 02-021 Warszawa');
    INSERT INTO carriers (code, name, tracking_prefix) VALUES ('DPD', 'DPD Polska', 'DPD'),
      ('ALLEGRO', 'Allegro One Courier', 'A1');
    INSERT INTO orders (id, ref, site_id, service, carrier_code, delivery_method, destination_locker,
        recipient_name, recipient_street, recipient_postcode, recipient_city, recipient_phone, created_at, status)
      VALUES
      ('o1', 'ORD-1001', 'WAW-1', 'EXPRESS_SAME_DAY', 'DPD', 'courier', NULL, 'Zażółć Gęślą Jaźń',
       'ul. Świętokrzyska 12/4', '00-916', 'Łódź', '600100200', '2026-11-23T07:00:00.000+00:00', 'packed'),
      ('o2', 'ORD-1002', 'WAW-1', 'NEXT_DAY', 'ALLEGRO', 'locker', 'AOB-17', 'Łucja Ćwik',
       '', '', '', '600300400', '2026-11-23T07:05:00.000+00:00', 'packed'),
      ('o3', 'ORD-1003', 'WAW-1', 'STANDARD', 'DPD', 'courier', NULL, 'Nie Spakowany', 'ul. Długa 1',
       '00-001', 'Warszawa', '', '2026-11-23T07:10:00.000+00:00', 'open');
    INSERT INTO packages (id, order_id, tracking_number, sscc, weight_g, locker_size, packed_at) VALUES
      ('p1', 'o1', 'DPD100200300400', '{SSCC_1}', 1234, NULL, '2026-11-23T08:00:00.000+00:00'),
      ('p2', 'o2', 'A1987654321098', '{SSCC_2}', 640, 'B', '2026-11-23T08:01:00.000+00:00'),
      ('p-bare', 'o3', NULL, NULL, 500, NULL, '2026-11-23T08:02:00.000+00:00');
    """)
    db.conn.commit()
    return db


@pytest.fixture
def printer():
    servers: list[PrinterServer] = []

    def start(port: int = 0, break_after: int | None = None) -> PrinterServer:
        server = PrinterServer(port, break_after)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
