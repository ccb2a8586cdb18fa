"""Locker site configuration and announced parcels as they arrive from the backend (pulled state).

The backend owns compartment configuration and parcel announcements (protocols/sync-v1.md "Pull");
the sync worker writes them. `install_site` and `store_announced_parcel` write the same rows in the
same shape, for the demo, tests and a terminal configured by hand before its first sync. A parcel
announced at the kiosk itself goes through the `ParcelAnnounced` op instead (terminal/lockers/announce.py)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.ids import new_id
from terminal.lockers import codes
from terminal.store import transaction

SIZES = ("A", "B", "C")                  # A 8×38×64 cm, B 19×38×64, C 41×38×64 (DESIGN §7)
ROWS_PER_COLUMN = 8


def size_rank(size: str | None) -> int:
    return SIZES.index(size) if size in SIZES else 0


def default_size_for_row(row: int) -> str:
    """Bottom rows are large (C), the middle B, the top A — a usual column layout."""
    return "C" if row <= 2 else "B" if row <= 5 else "A"


def install_site(db: sqlite_utils.Database, site_id: str, *, name: str = "Locker", boards: int = 1,
                 port: str = "", has_infrared: bool = True) -> None:
    """A locker site with `boards` boards × 16 compartments, two columns of 8 per board (row 1 lowest)."""
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO sites (id, name, kind) VALUES (?, ?, 'locker')", (site_id, name))
        for board_no in range(boards):
            board_id = f"{site_id}-b{board_no}"
            db.execute("INSERT OR IGNORE INTO lock_boards (id, site_id, board_no, port, has_infrared)"
                       " VALUES (?, ?, ?, ?, ?)", (board_id, site_id, board_no, port, int(has_infrared)))
            for lock in range(1, 17):
                row = (lock - 1) % ROWS_PER_COLUMN + 1
                column = board_no * 2 + (lock - 1) // ROWS_PER_COLUMN + 1
                db.execute(
                    "INSERT OR IGNORE INTO compartments (id, site_id, board_id, lock_no, size_class, column_no,"
                    " row_no, state, door) VALUES (?, ?, ?, ?, ?, ?, ?, 'FREE', 'closed')",
                    (f"{board_id}-l{lock:02d}", site_id, board_id, lock, default_size_for_row(row), column, row),
                )


@dataclass(frozen=True)
class Announced:
    parcel_id: str
    tracking_number: str
    pickup_code: str = ""
    qr_token: str = ""
    return_code: str = ""


def announcement_row(key: bytes, site_id: str, tracking_number: str, *, phone: str = "",
                     size_class: str | None = "A", kind: str = "delivery", pickup_code: str | None = None,
                     qr_token: str | None = None, return_code: str | None = None,
                     announced_at: str = "2026-01-01T00:00:00.000+00:00") -> tuple[dict[str, object], Announced]:
    """A new parcel's announcement fields (codes only as HMACs), and its plain codes."""
    parcel_id = new_id()
    code = (pickup_code or codes.new_pickup_code()) if kind == "delivery" else ""
    token = (qr_token or codes.new_qr_token()) if kind == "delivery" else ""
    ret = (return_code or codes.new_pickup_code()) if kind == "return" else ""
    row: dict[str, object] = {
        "id": parcel_id, "site_id": site_id, "tracking_number": tracking_number, "kind": kind,
        "size_class": size_class, "recipient_phone_hmac": codes.phone_hmac(key, phone) if phone else None,
        "phone_last4": codes.normalise_phone(phone)[-4:] or None,
        "code_hmac": codes.code_hmac(key, phone, code) if code and phone else None,
        "qr_hmac": codes.token_hmac(key, token) if token else None,
        "return_code_hmac": codes.return_code_hmac(key, ret) if ret else None, "announced_at": announced_at}
    return row, Announced(parcel_id, tracking_number, code, token, ret)


def store_announced_parcel(db: sqlite_utils.Database, key: bytes, site_id: str, tracking_number: str, *,
                           phone: str = "", size_class: str | None = "A", kind: str = "delivery",
                           pickup_code: str | None = None, qr_token: str | None = None,
                           return_code: str | None = None, announced_at: str = "2026-01-01T00:00:00.000+00:00",
                           ) -> Announced:
    """Write an announced parcel as a pull would (no op); returns the plain codes once."""
    row, plain = announcement_row(key, site_id, tracking_number, phone=phone, size_class=size_class, kind=kind,
                                  pickup_code=pickup_code, qr_token=qr_token, return_code=return_code,
                                  announced_at=announced_at)
    with transaction(db):
        db.execute(f"INSERT INTO parcels ({', '.join(row)}, status) VALUES ({', '.join('?' for _ in row)},"
                   " 'announced')", tuple(row.values()))
    return plain
