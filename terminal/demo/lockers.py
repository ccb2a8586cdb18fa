"""The demo parcel locker: 3 lock boards × 16 locks, parcels in every state, codes only as HMACs."""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from terminal.clock import iso
from terminal.demo.base import demo_id, insert_rows
from terminal.demo.layout import LOCKER_SITE
from terminal.demo.recipients import mobile
from terminal.exception_messages import exception_text
from terminal.lockers import codes

DEFAULT_PORT = "/dev/serial/by-id/handoff-lockboard"
BOARDS = 3
LOCKS_PER_BOARD = 16
ROWS = 8
HOLD = timedelta(hours=48)
# Sizes up a column, row 1 (lowest) first: the big doors at the bottom where they are easy to reach.
ODD_COLUMN = ("C", "C", "B", "B", "B", "A", "A", "A")
EVEN_COLUMN = ("C", "B", "B", "A", "A", "A", "A", "A")
SIZES = ("A", "B", "C")


@dataclass(frozen=True)
class Compartment:
    id: str
    board_id: str
    lock_no: int
    size: str
    column: int
    row: int
    door_no: int


@dataclass
class LockerCodes:
    """The plain codes, kept only for the printed sheet and the testers' JSON — never in the database."""

    parcels: list[dict[str, Any]] = field(default_factory=list)
    returns: list[dict[str, Any]] = field(default_factory=list)


def board_id(board_no: int) -> str:
    return f"{LOCKER_SITE}-b{board_no}"   # the scheme terminal.lockers.site uses


def compartments() -> list[Compartment]:
    """Board n drives columns 2n+1 (locks 1–8, bottom to top) and 2n+2 (locks 9–16)."""
    found = []
    for board in range(BOARDS):
        for lock in range(1, LOCKS_PER_BOARD + 1):
            column = 2 * board + 1 + (lock - 1) // ROWS
            row = (lock - 1) % ROWS + 1
            sizes = ODD_COLUMN if column % 2 else EVEN_COLUMN
            door = (column - 1) * ROWS + row
            found.append(Compartment(f"{board_id(board)}-l{lock:02d}", board_id(board), lock, sizes[row - 1],
                                     column, row, door))
    return found


def _token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(codes.TOKEN_BYTES)).rstrip(b"=").decode()


class _Builder:
    def __init__(self, rng: random.Random, key: bytes, now: datetime, port: str) -> None:
        self.rng, self.key, self.now, self.port = rng, key, now, port
        self.cells = compartments()
        self.state: dict[str, tuple[str, str, str | None]] = {c.id: ("FREE", "closed", None) for c in self.cells}
        self.parcels: list[tuple[Any, ...]] = []
        self.journal: list[tuple[Any, ...]] = []
        self.exceptions: list[tuple[Any, ...]] = []
        self.codes = LockerCodes()
        self.tracking: set[str] = set()

    def tracking_number(self) -> str:
        while True:
            number = f"A1{self.rng.randrange(10**11, 10**12)}PL"
            if number not in self.tracking:
                self.tracking.add(number)
                return number

    def free_cell(self, size: str) -> Compartment:
        """The smallest free compartment the parcel fits in."""
        for fitting in SIZES[SIZES.index(size):]:
            free = [c for c in self.cells if c.size == fitting and self.state[c.id][0] == "FREE"]
            if free:
                return self.rng.choice(free)
        raise AssertionError("the demo locker is full")

    def delivery(self, status: str, age: timedelta | None = None, courier: str = "user-courier-1",
                 picked_after: timedelta | None = None) -> None:
        rng = self.rng
        size = rng.choices(SIZES, (5, 3, 2))[0]
        phone, code, token = mobile(rng), f"{rng.randrange(10**6):06d}", _token(rng)
        announced = self.now - (age or timedelta()) - timedelta(hours=rng.randint(3, 20))
        parcel_id = demo_id(rng, announced)
        tracking = self.tracking_number()
        deposited = self.now - age if age is not None else None
        cell: Compartment | None = None
        picked_up = expired_at = collected = None
        if deposited is not None:
            cell = self.free_cell(size)
            self.door(cell, "deposit", parcel_id, courier, deposited)
            if status in ("deposited", "expired"):
                self.state[cell.id] = ("OCCUPIED", "closed", None)
            if status == "picked_up" and picked_after is not None:
                picked_up = deposited + picked_after
                self.door(cell, "pickup", parcel_id, None, picked_up)
            if status in ("expired", "collected"):
                expired_at = deposited + HOLD
            if status == "collected":
                collected = deposited + HOLD + timedelta(hours=rng.randint(1, 6))
                self.door(cell, "collect", parcel_id, courier, collected)
        self.parcels.append((
            parcel_id, LOCKER_SITE, tracking, "delivery", size, codes.phone_hmac(self.key, phone), phone[-4:],
            codes.code_hmac(self.key, phone, code), codes.token_hmac(self.key, token), None, status,
            cell.id if cell else None, courier if deposited else None, iso(announced),
            iso(deposited) if deposited else None, iso(deposited + HOLD) if deposited else None,
            iso(picked_up) if picked_up else None, iso(expired_at) if expired_at else None,
            iso(collected) if collected else None,
        ))
        if status in ("announced", "deposited", "expired"):
            self.codes.parcels.append({
                "tracking_number": tracking, "status": status, "size": size, "phone": phone, "code": code,
                "qr_token": token, "compartment": cell.id if cell and status != "announced" else None,
                "door": cell.door_no if cell else None,
                "expires_at": iso(deposited + HOLD) if deposited else None,
            })

    def return_parcel(self, deposited_age: timedelta | None) -> None:
        rng = self.rng
        code = f"{rng.randrange(10**6):06d}"   # 6 digits, as the kiosk keypad takes them
        size = rng.choice(SIZES[:2])
        announced = self.now - timedelta(hours=rng.randint(5, 30))
        parcel_id = demo_id(rng, announced)
        tracking = self.tracking_number()
        cell = None
        deposited = self.now - deposited_age if deposited_age is not None else None
        if deposited is not None:
            cell = self.free_cell(size)
            self.door(cell, "return", parcel_id, None, deposited)
            self.state[cell.id] = ("OCCUPIED", "closed", None)
        self.parcels.append((
            parcel_id, LOCKER_SITE, tracking, "return", size, None, None, None, None,
            codes.return_code_hmac(self.key, code), "deposited" if deposited else "announced",
            cell.id if cell else None, None, iso(announced), iso(deposited) if deposited else None,
            None, None, None, None,
        ))
        self.codes.returns.append({"tracking_number": tracking, "return_code": code, "size": size,
                                   "status": "deposited" if deposited else "announced",
                                   "compartment": cell.id if cell else None})

    def door(self, cell: Compartment, purpose: str, parcel_id: str | None, user: str | None,
             opened: datetime, outcome: str = "closed") -> None:
        closed = opened + timedelta(seconds=self.rng.randint(6, 40))
        self.journal.append((demo_id(self.rng, opened), cell.id, purpose, parcel_id, user,
                             iso(opened - timedelta(seconds=1)), outcome, iso(opened) if outcome == "closed" else None,
                             iso(closed) if outcome == "closed" else None, None))

    def door_fault(self) -> None:
        cell = self.free_cell("B")
        at = self.now - timedelta(minutes=70)
        self.door(cell, "deposit", None, "user-courier-2", at, outcome="not_opened")
        self.state[cell.id] = ("FAULT", "unknown", "door did not open")
        message, coded = exception_text("door_fault_after_unlock", cell.id, "door_did_not_open")
        self.exceptions.append((demo_id(self.rng, at), "door_fault", iso(at), "compartment", cell.id, message,
                                json.dumps({"board_id": cell.board_id, "lock_no": cell.lock_no,
                                            "kind": "not_opened", **coded})))
        broken = self.free_cell("A")
        self.state[broken.id] = ("OUT_OF_SERVICE", "closed", "lock replaced, waiting for test")


def insert_lockers(db: sqlite_utils.Database, rng: random.Random, key: bytes, now: datetime,
                   port: str = DEFAULT_PORT) -> LockerCodes:
    built = _Builder(rng, key, now, port)
    hour = timedelta(hours=1)
    for _ in range(14):          # history for dwell time and first-attempt pickup
        age = hour * rng.randint(30, 70)
        built.delivery("picked_up", age, picked_after=hour * rng.uniform(0.5, 30))
    for _ in range(6):           # collected this morning: the supervisor's shift has dwell times to show
        age = hour * rng.uniform(6, 40)
        built.delivery("picked_up", age, picked_after=age - hour * rng.uniform(0.2, 3.8))
    for _ in range(2):
        built.delivery("collected", hour * rng.randint(60, 80), courier="user-courier-2")
    for _ in range(2):           # expired, waiting for the courier's collection
        built.delivery("expired", hour * rng.randint(49, 60))
    built.delivery("deposited", hour * 49.5)   # past its hold time, not yet swept to expired
    for _ in range(4):           # near expiry
        built.delivery("deposited", hour * rng.uniform(44, 47.5))
    for _ in range(14):
        built.delivery("deposited", hour * rng.uniform(0.2, 40))
    for _ in range(12):
        built.delivery("announced")
    built.return_parcel(hour * 5)
    for _ in range(3):
        built.return_parcel(None)
    built.door_fault()

    insert_rows(db, "lock_boards", ("id", "site_id", "board_no", "port"),
                [(board_id(n), LOCKER_SITE, n, port) for n in range(BOARDS)])
    insert_rows(db, "compartments", ("id", "site_id", "board_id", "lock_no", "size_class", "column_no", "row_no",
                                     "state", "door", "fault_reason"),
                [(c.id, LOCKER_SITE, c.board_id, c.lock_no, c.size, c.column, c.row, *built.state[c.id])
                 for c in built.cells])
    insert_rows(db, "parcels", ("id", "site_id", "tracking_number", "kind", "size_class", "recipient_phone_hmac",
                                "phone_last4", "code_hmac", "qr_hmac", "return_code_hmac", "status",
                                "compartment_id", "courier_id", "announced_at", "deposited_at", "expires_at",
                                "picked_up_at", "expired_at", "collected_at"), built.parcels)
    insert_rows(db, "door_journal", ("id", "compartment_id", "purpose", "parcel_id", "user_id", "requested_at",
                                     "outcome", "opened_at", "closed_at", "note"), built.journal)
    insert_rows(db, "exceptions", ("id", "kind", "raised_at", "ref_type", "ref_id", "message", "details"),
                built.exceptions)
    return built.codes
