"""Hand-built fixtures for the KPI tests: rows inserted directly (fixtures only — the code under
test never writes domain tables) so every expected figure can be worked out by hand."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from terminal.clock import iso

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # window start used by most tests


def at(hours: float = 0, minutes: float = 0, seconds: float = 0) -> str:
    """T0 + offset, as stored."""
    return iso(T0 + timedelta(hours=hours, minutes=minutes, seconds=seconds))


class Rows:
    """Inserts the rows a KPI test needs, with sensible defaults for everything else."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._n = itertools.count(1)
        db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('WH', 'Warehouse', 'warehouse', 'UTC')")
        db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('LK', 'Locker', 'locker', 'UTC')")
        db.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD')")
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES ('SKU', 'Thing', 10, 10, 10, 100)")
        db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L', 'WH', 'L', '')")
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES ('A1', 'L', 'A', 1, 1, 1, 'L')")
        db.execute("INSERT INTO lock_boards (id, site_id, board_no) VALUES ('B0', 'LK', 0)")
        for uid, roles in (("p1", "picker"), ("p2", "picker"), ("k1", "packer"), ("c1", "courier")):
            db.execute("INSERT INTO users (id, name, roles) VALUES (?, ?, ?)", (uid, uid.upper(), roles))
        db.conn.commit()

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._n)}"

    def order(self, *, created: str, ship_by: str | None = None, handed: str | None = None,
              packed: str | None = None, picked: str | None = None, status: str | None = None,
              lines: list[tuple[int, int, int, int]] = ((1, 1, 0, 1),), cancelled: str | None = None,
              oid: str | None = None) -> str:
        """An order; lines are (qty, picked_qty, short_qty, packed_qty)."""
        oid = oid or self._id("o")
        status = status or ("cancelled" if cancelled else "handed_over" if handed else "packed" if packed
                            else "picked" if picked else "open")
        self.db.execute(
            "INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at,"
            " ship_by, status, picked_at, packed_at, handed_over_at, cancelled_at)"
            " VALUES (?, ?, 'NEXT_DAY', 'DPD', 'courier', 'R', ?, ?, ?, ?, ?, ?, ?)",
            (oid, oid.upper(), created, ship_by, status, picked, packed, handed, cancelled))
        for no, (qty, picked_qty, short, packed_qty) in enumerate(lines, 1):
            self.db.execute(
                "INSERT INTO order_lines (id, order_id, line_no, sku_code, qty, picked_qty, short_qty, packed_qty)"
                " VALUES (?, ?, ?, 'SKU', ?, ?, ?, ?)", (f"{oid}-l{no}", oid, no, qty, picked_qty, short, packed_qty))
        self.db.conn.commit()
        return oid

    def task(self, order_id: str, *, line: int = 1, done: str | None, picked_qty: int = 1,
             status: str = "done", picker: str = "p1", qty: int = 1) -> str:
        tid = self._id("t")
        self.db.execute(
            "INSERT INTO pick_tasks (id, order_id, line_id, location_code, sku_code, qty, picked_qty, status,"
            " picker_id, done_at) VALUES (?, ?, ?, 'A1', 'SKU', ?, ?, ?, ?, ?)",
            (tid, order_id, f"{order_id}-l{line}", qty, picked_qty, status, picker, done))
        self.db.conn.commit()
        return tid

    def session(self, user: str, role: str, login: str, logout: str | None = None) -> None:
        self.db.execute("INSERT INTO user_sessions (id, user_id, role, login_at, logout_at) VALUES (?, ?, ?, ?, ?)",
                        (self._id("s"), user, role, login, logout))
        self.db.conn.commit()

    def scan(self, when: str, accepted: bool, order_id: str | None = None) -> None:
        self.db.execute("INSERT INTO scan_events (at, context, raw, accepted, order_id)"
                        " VALUES (?, 'packing', 'x', ?, ?)", (when, int(accepted), order_id))
        self.db.conn.commit()

    def exception(self, kind: str, when: str, ref_id: str = "", details: dict[str, Any] | None = None) -> None:
        self.db.execute("INSERT INTO exceptions (id, kind, raised_at, ref_id, message, details)"
                        " VALUES (?, ?, ?, ?, 'm', ?)", (self._id("e"), kind, when, ref_id, json.dumps(details or {})))
        self.db.conn.commit()

    def package(self, order_id: str) -> str:
        pid = self._id("pk")
        self.db.execute("INSERT INTO packages (id, order_id) VALUES (?, ?)", (pid, order_id))
        self.db.conn.commit()
        return pid

    def compartment(self, lock_no: int, state: str = "FREE") -> str:
        cid = f"C{lock_no}"
        self.db.execute("INSERT INTO compartments (id, site_id, board_id, lock_no, size_class, state)"
                        " VALUES (?, 'LK', 'B0', ?, 'A', ?)", (cid, lock_no, state))
        self.db.conn.commit()
        return cid

    def parcel(self, compartment: str | None, *, deposited: str | None, picked_up: str | None = None,
               expires: str | None = None, expired: str | None = None, collected: str | None = None,
               kind: str = "delivery", status: str | None = None) -> str:
        pid = self._id("pc")
        status = status or ("picked_up" if picked_up else "collected" if collected else "expired" if expired
                            else "deposited" if deposited else "announced")
        self.db.execute(
            "INSERT INTO parcels (id, site_id, tracking_number, kind, status, compartment_id, announced_at,"
            " deposited_at, expires_at, picked_up_at, expired_at, collected_at)"
            " VALUES (?, 'LK', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, pid.upper(), kind, status, compartment, at(-48), deposited, expires, picked_up, expired, collected))
        self.db.conn.commit()
        return pid
