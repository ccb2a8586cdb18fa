"""A small hand-made site for label tests: a warehouse, a locker, two carriers, packed orders."""

from __future__ import annotations

import socket
import subprocess
import threading
from pathlib import Path

import pytest
import sqlite_utils

from terminal.labels.content import make_sscc

ROOT = Path(__file__).resolve().parents[3]
NODE_DIR = ROOT / "tests" / "labels_node"
SSCC_1 = make_sscc(0, "590123456", 1)
SSCC_2 = make_sscc(0, "590123456", 2)


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


def node_render(zpl: str, tmp_path: Path) -> Path:
    """Render ZPL with zpl-renderer-js under node; fails (never skips) when it is not installed."""
    if not (NODE_DIR / "node_modules" / "zpl-renderer-js").is_dir():
        pytest.fail("zpl-renderer-js is not installed: run `npm ci --prefix tests/labels_node` first.")
    source, out = tmp_path / "label.zpl", tmp_path / "label.png"
    source.write_text(zpl, encoding="utf-8")
    done = subprocess.run(["node", str(NODE_DIR / "render.cjs"), str(source), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


class PrinterServer:
    """A raw-9100 printer on 127.0.0.1 in a thread. `break_after` bytes → reset the connection mid-job."""

    def __init__(self, port: int = 0, break_after: int | None = None) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.break_after = break_after
        self.jobs: list[bytes] = []
        self.broken = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                if self.break_after is not None:
                    while len(data) < self.break_after:
                        chunk = conn.recv(self.break_after - len(data))
                        if not chunk:
                            break
                        data += chunk
                    # SO_LINGER 0: close with a reset, as a printer that loses power mid-job would
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.broken += 1
                    continue
                while chunk := conn.recv(65536):
                    data += chunk
                self.jobs.append(data)

    def close(self) -> None:
        self.sock.close()


def free_port() -> int:
    """A port with nothing listening on it (a printer that is switched off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
