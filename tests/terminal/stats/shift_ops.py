"""A warehouse shift made the way production makes it, for the KPI tests whose figures are worked
out by hand: master data and orders arrive as pulled rows (`terminal.sync.pull.apply_change`, what
a terminal does with the backend's changes — orders are created and cancelled on the server), and
everything that happens on the floor is the named op the windows apply, at a FixedClock moment:
logins, batches, picks, shorts, packing, weight mismatches, handovers, scans."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from terminal.clock import FixedClock, iso
from terminal.ops import apply_op
from terminal.packing.numbers import sscc_with_check
from terminal.sync.pull import apply_change

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # the window start most tests use (a Monday)


class Shift:
    def __init__(self, db: sqlite_utils.Database, clock: FixedClock) -> None:
        self.db, self.clock = db, clock
        self._n = itertools.count(1)
        self.pulled("site", id="WH", name="Warehouse", kind="warehouse", timezone="UTC")
        self.pulled("carrier", code="DPD", name="DPD")
        self.pulled("sku", code="SKU", name="Thing", length_mm=10, width_mm=10, height_mm=10, weight_g=100)
        self.pulled("layout", id="L", site_id="WH", name="L", toml="")
        self.pulled("location", code="A1", layout_id="L", zone="A", aisle=1, bay=1, level=1, side="L")
        self.pulled("inventory", location_code="A1", sku_code="SKU", qty=100_000)
        self.pulled("box_type", code="S", name="Small", barcode="BOX-S", inner_length_mm=300, inner_width_mm=200,
                    inner_height_mm=100, tare_g=100, max_weight_g=5000)
        for uid, roles in (("p1", "picker"), ("p2", "picker"), ("k1", "packer"), ("c1", "courier")):
            self.pulled("user", id=uid, name=uid.upper(), roles=roles)

    def pulled(self, entity: str, **data: Any) -> None:
        key = str(data.get("id") or data.get("code") or f"{data.get('location_code')}|{data.get('sku_code')}")
        apply_change(self.db, {"entity": entity, "key": key, "op": "upsert", "data": data})
        self.db.conn.commit()

    def op(self, when: datetime, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.clock.set(when)
        return apply_op(self.db, name, args, clock=self.clock).result or {}

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._n)}"

    # -- from the server ---------------------------------------------------------------------------
    def order(self, *, created: datetime, ship_by: datetime | None = None, lines: Sequence[int] = (1,),
              oid: str | None = None) -> str:
        """An open order with one line per quantity in `lines`."""
        oid = oid or self._id("o")
        self.pulled("order", id=oid, ref=oid.upper(), service="NEXT_DAY", carrier_code="DPD",
                    delivery_method="courier", recipient_name="R", created_at=iso(created),
                    ship_by=iso(ship_by) if ship_by else None, status="open")
        for no, qty in enumerate(lines, 1):
            self.pulled("order_line", id=f"{oid}-l{no}", order_id=oid, line_no=no, sku_code="SKU", qty=qty)
        return oid

    def cancel(self, when: datetime, oid: str) -> None:
        # the server sends the whole row, as it stands there, with its new status
        row = dict(self.db.execute("SELECT * FROM orders WHERE id = ?", (oid,)).fetchone())
        self.pulled("order", **{**row, "status": "cancelled", "cancelled_at": iso(when)})

    # -- on the floor ------------------------------------------------------------------------------
    def login(self, when: datetime, user: str, role: str) -> str:
        session = self._id("s")
        self.op(when, "UserLoggedIn", {"user_id": user, "role": role, "session_id": session, "terminal": "t"})
        return session

    def logout(self, when: datetime, session: str) -> None:
        self.op(when, "UserLoggedOut", {"session_id": session})

    def pick(self, when: datetime, oid: str, picked: Sequence[int] | None = None, picker: str = "p1") -> list[str]:
        """One batch for the order at `when`: line i gets picked[i] units (all by default), the rest
        of a line is shorted (empty location). Returns the task ids."""
        qtys = [r[0] for r in self.db.execute("SELECT qty FROM order_lines WHERE order_id = ? ORDER BY line_no",
                                              (oid,)).fetchall()]
        batch = self._id("b")
        tasks = [{"task_id": f"{batch}-t{no}", "order_id": oid, "line_id": f"{oid}-l{no}", "sku_code": "SKU",
                  "location_code": "A1", "qty": qty, "sequence": no} for no, qty in enumerate(qtys, 1)]
        self.op(when, "BatchStarted", {"batch_id": batch, "picker_id": picker, "algorithm": "optimal",
                                       "distance_m": 10, "orders": [{"order_id": oid, "tote_slot": 1}],
                                       "tasks": tasks})
        for task, units in zip(tasks, picked if picked is not None else qtys, strict=True):
            if units:
                self.op(when, "PickConfirmed", {"task_id": task["task_id"], "qty": units, "picker_id": picker})
            if units < task["qty"]:
                self.op(when, "PickShorted", {"task_id": task["task_id"], "reason": "empty", "picker_id": picker,
                                              "follow_up": None})
        self.op(when, "BatchFinished", {"batch_id": batch})
        return [str(t["task_id"]) for t in tasks]

    def pack(self, when: datetime, oid: str, packer: str = "k1") -> str:
        """Every picked unit verified into one box and the box closed at `when`; returns the package id."""
        self.op(when, "PackingStarted", {"order_id": oid, "packer_id": packer, "tote_code": None})
        for line_id, picked in self.db.execute("SELECT id, picked_qty FROM order_lines WHERE order_id = ?"
                                               " ORDER BY line_no", (oid,)).fetchall():
            if picked:
                self.op(when, "UnitPacked", {"order_id": oid, "line_id": line_id, "sku_code": "SKU", "units": picked,
                                             "packer_id": packer})
        n = next(self._n)
        package = f"pk{n}"
        self.op(when, "PackageClosed", {
            "package_id": package, "order_id": oid, "box_type": "S", "tracking_number": f"TRK{n:06d}",
            "sscc": sscc_with_check(f"0590000{n:010d}"), "weight_g": 300, "weight_source": "scale",
            "expected_weight_g": 300, "locker_size": None, "packer_id": packer, "override_by": None})
        return package

    def weight_mismatch(self, when: datetime, oid: str, packer: str = "k1") -> None:
        self.op(when, "WeightMismatchRecorded", {
            "order_id": oid, "packer_id": packer, "box_type": "S", "weight_g": 900, "expected_weight_g": 300,
            "tolerance_g": 50, "weight_source": "scale"})

    def hand_over(self, when: datetime, *packages: str) -> None:
        self.op(when, "PackagesHandedOver", {"package_ids": list(packages), "carrier_code": "DPD", "user_id": "k1"})

    def ship(self, oid: str, *, picked: datetime, packed: datetime, handed: datetime | None = None) -> str:
        """Picked, packed and (when `handed` is given) handed over; returns the package id."""
        self.pick(picked, oid)
        package = self.pack(packed, oid)
        if handed is not None:
            self.hand_over(handed, package)
        return package

    def scan(self, when: datetime, accepted: bool, order_id: str | None = None) -> None:
        self.op(when, "ScanRecorded", {"user_id": "k1", "context": "packing", "raw": "x", "kind": "item",
                                       "accepted": accepted, "reason": None, "order_id": order_id})
