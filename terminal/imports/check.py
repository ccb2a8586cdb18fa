"""Every row of an import file checked before anything is written: its columns (terminal/imports/columns.py),
then against the rest of the file (a key given twice) and the database (an unknown SKU, location, layout,
a badge of someone else). The result is the rows as the ops take them, and each bad row with its line
and coded reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal.imports.columns import (
    ROLE_LIST,
    Columns,
    FaceColumns,
    LocationColumns,
    SkuColumns,
    StockColumns,
    UserColumns,
    convert,
)
from terminal.imports.read import Bad, Row, read_rows
from terminal.people.badges import ROLES, badge_hmac, badge_key
from terminal.sentences import say

Progress = Callable[[int], None]


@dataclass
class Checked:
    """What a file holds: `rows` (as its op takes them) from `lines`, and the bad rows."""

    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    bad: list[Bad] = field(default_factory=list)
    read: int = 0          # rows read from the file (order lines for orders)

    def add(self, line: int, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.lines.append(line)

    def refuse(self, line: int, code: str, *args: object) -> None:
        self.bad.append(Bad(line, say(code, *args)))


def converted(kind: str, items: Iterable[tuple[int, Row] | Bad], checked: Checked,
              progress: Progress | None = None) -> list[tuple[int, Any]]:
    """The rows that fit the kind's columns, with their lines; the others go to `checked.bad`."""
    good = []
    for item in items:
        if isinstance(item, Bad):
            checked.bad.append(item)
            continue
        checked.read += 1
        line, row = item
        value = convert(kind, row)
        if isinstance(value, Columns):
            good.append((line, value))
        else:
            checked.bad.append(Bad(line, value))
        if progress and checked.read % 1000 == 0:
            progress(1000)
    if progress:
        progress(checked.read % 1000)
    return good


class FirstSeen:
    """Keys already given in the file, with their line: a second one is a bad row."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.lines: dict[Any, int] = {}

    def again(self, key: Any, line: int, shown: str) -> bool:
        first = self.lines.setdefault(key, line)
        if first != line:
            self.checked.refuse(line, "import_duplicate", shown, first)
            return True
        return False


def _column(db: sqlite_utils.Database, sql: str) -> set[str]:
    return {row[0] for row in db.execute(sql).fetchall()}


def check_file(db: sqlite_utils.Database, kind: str, path: Path, now: datetime,
               progress: Progress | None = None) -> Checked:
    """Read and check `path` as `kind`; nothing is written."""
    checked = Checked(kind)
    if kind == "orders":
        from terminal.imports.check_orders import check_orders
        check_orders(db, read_rows(path), checked, now, progress)
    else:
        rows = converted(kind, read_rows(path), checked, progress)
        _CHECKS[kind](db, rows, checked)
    checked.bad.sort(key=lambda bad: bad.line)
    return checked


_DIGITS = re.compile(r"\d{8}|\d{12,14}")


def _skus(db: sqlite_utils.Database, rows: list[tuple[int, SkuColumns]], checked: Checked) -> None:
    codes, barcodes = FirstSeen(checked), FirstSeen(checked)
    for line, row in rows:
        if codes.again(row.code, line, row.code):
            continue
        gtin = row.barcode is not None and _DIGITS.fullmatch(row.barcode) is not None
        barcode = row.barcode.zfill(14) if gtin and row.barcode else row.barcode
        if barcode and barcodes.again(barcode, line, barcode):
            continue
        checked.add(line, {"code": row.code, "name": row.name, "length_mm": row.length_mm, "width_mm": row.width_mm,
                           "height_mm": row.height_mm, "weight_g": row.weight_g, "image": row.image,
                           "barcode": barcode, "barcode_kind": "gtin" if gtin else "internal"})


def _locations(db: sqlite_utils.Database, rows: list[tuple[int, LocationColumns]], checked: Checked) -> None:
    layouts = _column(db, "SELECT id FROM layouts")
    only = next(iter(layouts)) if len(layouts) == 1 else None
    codes = FirstSeen(checked)
    for line, row in rows:
        if codes.again(row.code, line, row.code):
            continue
        layout = row.layout or only
        if layout is None:
            checked.refuse(line, "import_no_layout")
        elif layout not in layouts:
            checked.refuse(line, "import_unknown_layout", layout)
        else:
            checked.add(line, {"code": row.code, "layout_id": layout, "zone": row.zone, "aisle": row.aisle,
                               "bay": row.bay, "level": row.level, "side": row.side, "active": row.active})


def _placed(db: sqlite_utils.Database, rows: Iterable[tuple[int, Any]], checked: Checked,
            ) -> Iterable[tuple[int, Any]]:
    """The rows (with `location` and `sku` columns) naming a known location and SKU, each pair once."""
    locations = _column(db, "SELECT code FROM locations")
    skus = _column(db, "SELECT code FROM skus")
    places = FirstSeen(checked)
    for line, row in rows:
        if row.location not in locations:
            checked.refuse(line, "import_unknown_location", row.location)
        elif row.sku not in skus:
            checked.refuse(line, "import_unknown_sku", row.sku)
        elif not places.again((row.location, row.sku), line, f"{row.sku} @ {row.location}"):
            yield line, row


def _stock(db: sqlite_utils.Database, rows: list[tuple[int, StockColumns]], checked: Checked) -> None:
    for line, row in _placed(db, rows, checked):
        checked.add(line, {"location_code": row.location, "sku_code": row.sku, "qty": row.qty})


def _faces(db: sqlite_utils.Database, rows: list[tuple[int, FaceColumns]], checked: Checked) -> None:
    for line, row in _placed(db, rows, checked):
        if row.min > row.max:
            checked.refuse(line, "import_min_over_max", row.min, row.max)
        else:
            checked.add(line, {"location_code": row.location, "sku_code": row.sku, "min_qty": row.min,
                               "max_qty": row.max})


def _users(db: sqlite_utils.Database, rows: list[tuple[int, UserColumns]], checked: Checked) -> None:
    key = badge_key(db)
    holders = dict(db.execute("SELECT badge_hmac, user_id FROM badges").fetchall())
    ids, badges = FirstSeen(checked), FirstSeen(checked)
    for line, row in rows:
        if ids.again(row.id, line, row.id):
            continue
        roles = [r for r in re.split(r"[,;\s]+", row.roles.strip()) if r]
        wrong = [r for r in roles if r not in ROLES]
        if wrong:
            checked.refuse(line, "import_unknown_role", wrong[0], ROLE_LIST)
            continue
        digest = badge_hmac(key, row.badge) if row.badge else None
        if digest and holders.get(digest, row.id) != row.id:
            checked.refuse(line, "import_badge_taken", holders[digest])
            continue
        if digest and badges.again(digest, line, "badge"):
            continue
        zones = ",".join(z for z in re.split(r"[,;\s]+", row.zones.strip()) if z)
        checked.add(line, {"id": row.id, "name": row.name, "roles": ",".join(roles), "zones": zones,
                           "language": row.language, "active": row.active, "badge_hmac": digest})


_CHECKS: dict[str, Callable[[sqlite_utils.Database, Any, Checked], None]] = {
    "skus": _skus, "locations": _locations, "stock": _stock, "users": _users, "faces": _faces,
}
