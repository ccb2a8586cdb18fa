"""Verification at the pack station: the order's lines, and what one item scan means for them.

Every unit is scanned: a scan counts the barcode's units (1, the case size of a case GTIN, or the
AI 30/37 count of a GS1 string — the scanning capability has already read those into `ItemScan`).
A SKU that is not in the order is a wrong item; more units than the order still needs is an
over-scan. Both are errors and count nothing: the packer takes the unit out and scans again.

What is to be verified: for an order that went through picking, the units picked into its tote
(`picked_qty`); a line that was shorted completely has nothing to verify and is not shown."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

import terminal.packing.messages  # noqa: F401  (registers the sentences below)
from terminal.packing.cartonize import Item
from terminal.scanning.types import ItemScan
from terminal.sentences import Say, say


@dataclass(frozen=True)
class LineToVerify:
    line_id: str
    line_no: int
    sku_code: str
    sku_name: str
    qty: int                  # units to verify (what is in the tote)
    verified: int             # units scanned so far (order_lines.packed_qty)
    dims_mm: tuple[int, int, int]
    weight_g: int

    @property
    def remaining(self) -> int:
        return self.qty - self.verified

    @property
    def done(self) -> bool:
        return self.verified >= self.qty


@dataclass(frozen=True)
class ScanCheck:
    """What an item scan would do: `line` and `units` when it counts, else the sentence why not."""

    ok: bool
    refusal: Say | None = None
    line: LineToVerify | None = None
    units: int = 0

    @property
    def message(self) -> str:
        return self.refusal.text if self.refusal else ""


def lines_to_verify(db: sqlite_utils.Database, order_id: str) -> list[LineToVerify]:
    rows = db.execute(
        "SELECT l.id, l.line_no, l.sku_code, s.name, l.qty, l.picked_qty, l.short_qty, l.packed_qty,"
        " s.length_mm, s.width_mm, s.height_mm, s.weight_g, o.status"
        " FROM order_lines l JOIN skus s ON s.code = l.sku_code JOIN orders o ON o.id = l.order_id"
        " WHERE l.order_id = ? ORDER BY l.line_no", (order_id,)).fetchall()
    lines = []
    for lid, no, sku, name, qty, picked, short, packed, length, width, height, weight, status in rows:
        # picked orders: what the picker put in the tote; otherwise (an order packed straight from
        # stock) what was ordered and not shorted
        expected = int(picked) if status in ("picked", "packed", "handed_over") else int(qty) - int(short)
        if expected <= 0:
            continue
        lines.append(LineToVerify(lid, int(no), sku, name, expected, int(packed), (length, width, height),
                                  int(weight)))
    return lines


def check_scan(lines: list[LineToVerify], scan: ItemScan) -> ScanCheck:
    """Wrong item and over-scan are refused here, before anything is recorded."""
    units = max(1, scan.units)
    matching = [line for line in lines if line.sku_code == scan.sku_code]
    shown = scan.sku_code or scan.gtin or scan.raw
    if not matching:
        return ScanCheck(False, say("pack_wrong_item", shown))
    line = next((line for line in matching if line.remaining >= units), None)
    if line is None:
        left = sum(line.remaining for line in matching)
        name = matching[0].sku_name
        if left == 0:
            return ScanCheck(False, say("pack_item_all_counted", name))
        return ScanCheck(False, say("pack_too_many", units, left, name))
    return ScanCheck(True, line=line, units=units)


def all_verified(lines: list[LineToVerify]) -> bool:
    return bool(lines) and all(line.done for line in lines)


def items_of(lines: list[LineToVerify]) -> list[Item]:
    """One Item per unit to pack, for the box choice and the expected weight."""
    return [Item(line.dims_mm, line.weight_g) for line in lines for _ in range(line.qty)]


def progress(lines: list[LineToVerify]) -> tuple[int, int]:
    return sum(min(line.verified, line.qty) for line in lines), sum(line.qty for line in lines)
