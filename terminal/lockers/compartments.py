"""Compartments and allocation: the smallest FREE compartment that fits, never one holding a parcel.

Accessible mode puts compartments at or below `lockers.accessible_max_row` (default 3) first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from terminal.lockers.site import size_rank


@dataclass(frozen=True)
class Compartment:
    id: str
    board_no: int
    lock_no: int
    size_class: str
    row_no: int
    column_no: int
    state: str
    door: str
    has_infrared: bool

    @property
    def number(self) -> int:
        """The number painted on the door: boards in order, 16 per board."""
        return self.board_no * 16 + self.lock_no

    @property
    def rank(self) -> int:
        return size_rank(self.size_class)


_SELECT = ("SELECT c.id, b.board_no, c.lock_no, c.size_class, c.row_no, c.column_no, c.state, c.door, b.has_infrared"
           " FROM compartments c JOIN lock_boards b ON b.id = c.board_id")


def _from_row(row: Any) -> Compartment:
    return Compartment(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]))


def compartment(db: sqlite_utils.Database, compartment_id: str) -> Compartment | None:
    row = db.execute(_SELECT + " WHERE c.id = ?", (compartment_id,)).fetchone()
    return _from_row(row) if row else None


def compartments(db: sqlite_utils.Database, site_id: str) -> list[Compartment]:
    rows = db.execute(_SELECT + " WHERE c.site_id = ? ORDER BY b.board_no, c.lock_no", (site_id,)).fetchall()
    return [_from_row(r) for r in rows]


def board_numbers(db: sqlite_utils.Database, site_id: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT board_no FROM lock_boards WHERE site_id = ? ORDER BY board_no",
                                     (site_id,)).fetchall()]


def allocate(db: sqlite_utils.Database, site_id: str, min_size: str | None, *, accessible: bool = False,
             accessible_max_row: int = 3, exclude: Collection[str] = (),
             offline_boards: Collection[int] = ()) -> Compartment | None:
    """The best FREE compartment of at least `min_size`; None when nothing fits.

    Skips compartments holding a parcel (whatever their state says) and boards known to be offline;
    the door itself is read live just before firing (Doors.open), so a silent board or a door that
    stands open is skipped there."""
    rows = db.execute(
        _SELECT + " WHERE c.site_id = ? AND c.state = 'FREE' AND NOT EXISTS ("
        " SELECT 1 FROM parcels p WHERE p.compartment_id = c.id AND p.status IN ('deposited', 'expired'))",
        (site_id,),
    ).fetchall()
    want = size_rank(min_size)
    fitting = [c for c in map(_from_row, rows)
               if c.rank >= want and c.id not in exclude and c.board_no not in offline_boards]
    if not fitting:
        return None

    def key(c: Compartment) -> tuple[int, ...]:
        if accessible:
            return (c.row_no > accessible_max_row, c.rank, c.row_no, c.board_no, c.lock_no)
        return (c.rank, c.board_no, c.lock_no)

    return min(fitting, key=key)
