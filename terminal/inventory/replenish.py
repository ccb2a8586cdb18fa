"""Replenishment of pick faces: which faces need stock from reserve, and in which order.

A pick face is a (location, SKU) with a min and a max (`pick_faces`, a pulled entity). Every other
location holding stock is reserve. When an op leaves a face below its min (a pick, a partial refill) or
a picker shorts there, `trigger` opens a replenishment task for it, unless one is open already. The
task's id comes from the op that found the face low (`rp:<op id>`), and the server's handlers call
the same rule (backend/handlers/replenish.py), so a terminal's task and the server's are one row.

Two terminals offline may each open a task for one face; the server keeps the first it sees and both
come back in pulls. So a task is *pending* only while its face is still short of max (`pending`): a
face filled since (from any terminal) no longer shows, and the refill closes every open task of its face.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from terminal.inventory.ledger import on_hand
from terminal.ops import OpContext

REASONS = ("below_min", "short")


def task_id(op_id: str) -> str:
    """The id of the task an op opens: the same on the terminal and on the server."""
    return f"rp:{op_id}"


def face_limits(db: sqlite_utils.Database, location: str, sku: str) -> tuple[int, int] | None:
    """(min, max) of the pick face, or None when the location is not a face for that SKU."""
    row = db.execute("SELECT min_qty, max_qty FROM pick_faces WHERE location_code = ? AND sku_code = ?",
                     (location, sku)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def is_low(qty: int, limits: tuple[int, int], reason: str) -> bool:
    """Whether a face holding `qty` needs a refill: below its min, or a picker found it short (and it is
    not full by the books). The one rule of both sides."""
    low, high = limits
    return qty < low or (reason == "short" and qty < high)


def trigger(ctx: OpContext, location: str, sku: str, reason: str) -> str | None:
    """Open a replenishment task for the face if it is low and has none open; returns the new task's id."""
    limits = face_limits(ctx.db, location, sku)
    if limits is None or not is_low(on_hand(ctx.db, location, sku), limits, reason):
        return None
    if ctx.one("SELECT 1 FROM replenishments WHERE status = 'open' AND location_code = ? AND sku_code = ?",
               (location, sku)):
        return None
    ident = task_id(ctx.op_id)
    ctx.db.execute("INSERT INTO replenishments (id, location_code, sku_code, reason, status, created_at)"
                   " VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT(id) DO NOTHING",
                   (ident, location, sku, reason, ctx.at))
    return ident


def is_reserve(db: sqlite_utils.Database, location: str) -> bool:
    return db.execute("SELECT 1 FROM pick_faces WHERE location_code = ?", (location,)).fetchone() is None


def reserves(db: sqlite_utils.Database, sku: str) -> list[tuple[str, int]]:
    """Reserve locations holding the SKU by the books, the fullest first: (location, qty)."""
    return [(r[0], int(r[1])) for r in db.execute(
        "SELECT i.location_code, i.qty FROM inventory i JOIN locations l ON l.code = i.location_code"
        " WHERE i.sku_code = ? AND i.qty > 0 AND l.active = 1"
        " AND NOT EXISTS (SELECT 1 FROM pick_faces f WHERE f.location_code = i.location_code)"
        " ORDER BY i.qty DESC, i.location_code", (sku,)).fetchall()]


def waiting_orders(db: sqlite_utils.Database, sku: str) -> list[tuple[str, str | None]]:
    """(ref, ship-by) of the open orders still waiting for units of the SKU, the earliest ship-by first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT o.ref, o.ship_by FROM order_lines l JOIN orders o ON o.id = l.order_id"
        " WHERE l.sku_code = ? AND o.status IN ('open', 'picking') AND l.qty - l.picked_qty - l.short_qty > 0"
        " GROUP BY o.id ORDER BY o.ship_by IS NULL, o.ship_by, o.ref", (sku,)).fetchall()]


@dataclass
class Task:
    """One pending replenishment as the stocker's page shows it."""

    id: str
    location: str                   # the pick face
    sku: str
    sku_name: str
    reason: str
    on_hand: int
    min_qty: int
    max_qty: int
    created_at: str
    waiting: list[tuple[str, str | None]] = field(default_factory=list)   # (order ref, ship-by)
    sources: list[tuple[str, int]] = field(default_factory=list)          # reserve (location, qty), best first

    @property
    def room(self) -> int:
        """How many units fit before the face reaches its max."""
        return max(0, self.max_qty - self.on_hand)

    @property
    def ship_by(self) -> str | None:
        return self.waiting[0][1] if self.waiting else None

    @property
    def source(self) -> tuple[str, int] | None:
        return self.sources[0] if self.sources else None

    @property
    def qty(self) -> int:
        """What to bring: up to max, as far as the suggested reserve holds."""
        return min(self.room, self.source[1]) if self.source else 0

    def priority(self) -> tuple[bool, str, float, str, str]:
        """The earliest ship-by of the orders waiting for the SKU first (none waiting: last), then the
        emptier face, then the older task."""
        return (self.ship_by is None, self.ship_by or "", self.on_hand / self.max_qty, self.created_at, self.id)


def pending(db: sqlite_utils.Database) -> list[Task]:
    """Open tasks whose face is still short of max, in the order a stocker should do them."""
    rows = db.execute(
        "SELECT r.id, r.location_code, r.sku_code, coalesce(s.name, r.sku_code), r.reason, coalesce(i.qty, 0),"
        " f.min_qty, f.max_qty, r.created_at FROM replenishments r"
        " JOIN pick_faces f ON f.location_code = r.location_code AND f.sku_code = r.sku_code"
        " LEFT JOIN inventory i ON i.location_code = r.location_code AND i.sku_code = r.sku_code"
        " LEFT JOIN skus s ON s.code = r.sku_code"
        " WHERE r.status = 'open' AND coalesce(i.qty, 0) < f.max_qty ORDER BY r.created_at, r.id").fetchall()
    tasks: dict[tuple[str, str], Task] = {}
    for row in rows:
        face = (row[1], row[2])
        if face in tasks:       # two terminals opened one each offline: one face, one task
            continue
        tasks[face] = Task(row[0], row[1], row[2], row[3], row[4], int(row[5]), int(row[6]), int(row[7]), row[8])
    for task in tasks.values():
        task.waiting = waiting_orders(db, task.sku)
        task.sources = reserves(db, task.sku)
    return sorted(tasks.values(), key=Task.priority)


def faces_of(db: sqlite_utils.Database, skus: list[str]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(the pick faces of these SKUs, those of them a picker found short whose refill is pending), as
    (location, SKU): pickers go to faces before reserve, and not to a face waiting for its refill
    (terminal/picking/batching.py). One query: a site without faces pays one empty index probe."""
    faces: set[tuple[str, str]] = set()
    waiting: set[tuple[str, str]] = set()
    if not db.execute("SELECT 1 FROM pick_faces LIMIT 1").fetchone():
        return faces, waiting
    marks = ",".join("?" * len(skus))
    for loc, sku, short in db.execute(
        f"SELECT f.location_code, f.sku_code, EXISTS (SELECT 1 FROM replenishments r WHERE r.status = 'open'"
        f" AND r.reason = 'short' AND r.location_code = f.location_code AND r.sku_code = f.sku_code"
        f" AND coalesce((SELECT i.qty FROM inventory i WHERE i.location_code = f.location_code"
        f" AND i.sku_code = f.sku_code), 0) < f.max_qty)"
        f" FROM pick_faces f WHERE f.sku_code IN ({marks})", skus).fetchall():
        faces.add((loc, sku))
        if short:
            waiting.add((loc, sku))
    return faces, waiting


def take_problem(db: sqlite_utils.Database, location: str, sku: str, from_location: str,
                 qty: int) -> tuple[str, int] | None:
    """(code, limit) when `qty` units cannot go from `from_location` to the face, else None: more than
    fit below max ('over_max'), more than the reserve holds by the books ('over_reserve')."""
    limits = face_limits(db, location, sku)
    if limits is None:
        return ("not_a_face", 0)
    room = max(0, limits[1] - on_hand(db, location, sku))
    if qty > room:
        return ("over_max", room)
    held = on_hand(db, from_location, sku)
    if qty > held:
        return ("over_reserve", held)
    return None
