"""Receiving and putaway, read side: the deliveries waiting at the dock, an ASN's over/under, licence
plate numbers, and where a received line should go (the ops are in receiving_ops.py).

Stock that has been received but not put away stands at the site's DOCK location: an inactive
pseudo-location (`active = 0`, so the pick planner and short-pick follow-ups never send a picker
there) created by the first receipt, on the terminal and on the server alike. Which licence plate
(pallet or tote) holds it is on its receipt line, so the ledger stays one table and
received units == put-away units + units still on the dock, line by line."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.packing.numbers import next_sscc

DOCK = "DOCK"
#: the SSCC extension digit of licence plates (carrier labels use 0), so the two never collide
LPN_EXTENSION = 3


@dataclass(frozen=True)
class Inbound:
    id: str
    ref: str
    supplier: str
    source: str          # 'asn' | 'unannounced'
    status: str          # 'announced' | 'receiving' | 'closed'


@dataclass(frozen=True)
class ExpectedLine:
    """One SKU of a delivery: what the ASN announced and what was received (0 expected: not on it)."""

    sku_code: str
    name: str
    expected: int
    received: int

    @property
    def difference(self) -> int:
        """Received minus expected: > 0 over, < 0 under."""
        return self.received - self.expected


@dataclass(frozen=True)
class ReceiptLine:
    id: str
    inbound_id: str
    lpn: str
    sku_code: str
    name: str
    qty: int
    lot: str | None
    expiry: str | None
    put_away_at: str | None
    location_code: str | None


_INBOUND = "SELECT id, ref, coalesce(supplier, ''), source, status FROM inbound_deliveries"


def find_inbound(db: sqlite_utils.Database, text: str) -> Inbound | None:
    """The delivery a scanned delivery note or a typed reference names (its id or ref), open ones first."""
    row = db.execute(f"{_INBOUND} WHERE id = ? OR ref = ? ORDER BY status = 'closed', created_at DESC LIMIT 1",
                     (text, text)).fetchone()
    return Inbound(*row) if row else None


def inbound(db: sqlite_utils.Database, inbound_id: str) -> Inbound | None:
    row = db.execute(f"{_INBOUND} WHERE id = ?", (inbound_id,)).fetchone()
    return Inbound(*row) if row else None


def expected_lines(db: sqlite_utils.Database, inbound_id: str) -> list[ExpectedLine]:
    """Every SKU announced or received on the delivery, in ASN order (unannounced SKUs last)."""
    rows = db.execute(
        "WITH exp AS (SELECT sku_code, sum(expected_qty) AS qty, min(line_no) AS line_no FROM inbound_lines"
        "   WHERE inbound_id = :id GROUP BY sku_code),"
        " got AS (SELECT sku_code, sum(qty) AS qty FROM receipt_lines WHERE inbound_id = :id GROUP BY sku_code),"
        " keys AS (SELECT sku_code FROM exp UNION SELECT sku_code FROM got)"
        " SELECT k.sku_code, coalesce(s.name, k.sku_code), coalesce(e.qty, 0), coalesce(g.qty, 0) FROM keys k"
        " LEFT JOIN exp e USING (sku_code) LEFT JOIN got g USING (sku_code) LEFT JOIN skus s ON s.code = k.sku_code"
        " ORDER BY e.line_no IS NULL, e.line_no, k.sku_code", {"id": inbound_id}).fetchall()
    return [ExpectedLine(r[0], r[1], int(r[2]), int(r[3])) for r in rows]


_LINE = ("SELECT r.id, r.inbound_id, r.lpn, r.sku_code, coalesce(s.name, r.sku_code), r.qty, r.lot, r.expiry,"
         " r.put_away_at, r.location_code FROM receipt_lines r LEFT JOIN skus s ON s.code = r.sku_code")


def lines_on_plate(db: sqlite_utils.Database, lpn: str) -> list[ReceiptLine]:
    """The receipt lines on a licence plate, in the order they were received."""
    return [ReceiptLine(*r) for r in db.execute(f"{_LINE} WHERE r.lpn = ? ORDER BY r.received_at, r.id",
                                                (lpn,)).fetchall()]


def receipt_line(db: sqlite_utils.Database, line_id: str) -> ReceiptLine | None:
    row = db.execute(f"{_LINE} WHERE r.id = ?", (line_id,)).fetchone()
    return ReceiptLine(*row) if row else None


def plate_inbound(db: sqlite_utils.Database, lpn: str) -> str | None:
    row = db.execute("SELECT inbound_id FROM licence_plates WHERE code = ?", (lpn,)).fetchone()
    return str(row[0]) if row else None


def next_lpn(db: sqlite_utils.Database, company_prefix: str, terminal_no: int) -> str:
    """The next licence plate number: an SSCC with extension 3, the terminal's number, then a counter
    (as carrier SSCCs in terminal/packing/numbers.py, in their own extension so they never meet)."""
    return next_sscc(db, company_prefix, terminal_no, LPN_EXTENSION, table="licence_plates", column="code")


def company_prefix(db: sqlite_utils.Database) -> str:
    """The site's GS1 company prefix: the one its carriers print SSCCs with (the first by code)."""
    row = db.execute("SELECT gs1_company_prefix FROM carriers ORDER BY code LIMIT 1").fetchone()
    return str(row[0]) if row and row[0] else "590000000"


def valid_lpn(code: str) -> bool:
    """An 18-digit SSCC with a correct check digit (biip) — what a licence plate's label carries."""
    from terminal.scanning.gs1 import valid_sscc

    return valid_sscc(code)
