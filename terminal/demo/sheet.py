"""The demo barcode sheet: an A4 PDF with everything a person with a real scanner needs to try
every flow — badges for every role, command barcodes, totes, box types, locations, SKUs (EAN-13,
internal Code 128, GS1-128 with batch and expiry), order refs, and the locker's demo parcels with
their pickup phone numbers, codes and QR tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from terminal.clock import local_date_time, site_timezone
from terminal.demo.people import PEOPLE, TOTE_COLOURS, TOTES
from terminal.demo.sheet_words import words
from terminal.packing.pdf_fonts import unicode_font

COMMANDS = ("SHORT", "NEXT", "LOGOUT", "CANCEL", "UNDO")
PICKUP_TOKEN_PREFIX = "HQR:"   # what the scanning classifier reads as a pickup token (scanning settings)
MARGIN = 14 * mm
BAR_WIDTH = 0.33 * mm
FNC1 = "\xf1"


@dataclass(frozen=True)
class Cell:
    title: str
    subtitle: str
    drawing: Flowable      # a reportlab Drawing or barcode flowable: width, height, drawOn()


def code128(value: str, *, height: float = 12 * mm, human: bool = True, bar: float = BAR_WIDTH) -> Flowable:
    """Code 128 drawn straight onto the page (much faster than a Drawing of many shapes)."""
    return _Padded(Code128(value, barWidth=bar, barHeight=height, humanReadable=human, quiet=True,
                           fontSize=8), below=10 if human else 0)


class _Padded(Flowable):
    """A barcode flowable with room below for its human-readable line."""

    def __init__(self, inner: Flowable, below: float) -> None:
        super().__init__()
        self.inner, self.below = inner, below
        self.width, self.height = inner.width, inner.height + below

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, self.below)


def ean13(gtin13: str) -> Drawing:
    drawing: Drawing = createBarcodeDrawing("EAN13", value=gtin13[:12], barWidth=BAR_WIDTH, barHeight=16 * mm,
                                            humanReadable=True, fontSize=8)
    return drawing


def gs1_128(elements: list[tuple[str, str]]) -> tuple[Drawing, str]:
    """A GS1-128 symbol (FNC1 first, FNC1 after a variable-length field that is not last)."""
    fixed = {"00": 18, "01": 14, "02": 14, "11": 6, "13": 6, "15": 6, "17": 6}
    data, human = FNC1, ""
    for index, (ai, value) in enumerate(elements):
        data += ai + value
        human += f"({ai}){value}"
        if ai not in fixed and index < len(elements) - 1:
            data += FNC1
    return code128(data, human=False, bar=0.25 * mm), human


def qr(text: str, size: float = 32 * mm) -> Flowable:
    return QrCode(text, width=size, height=size, qrLevel="M", qrBorder=4)


class _Sheet:
    def __init__(self, path: Path, language: str = "pl") -> None:
        self.t = words(language)
        self.canvas = Canvas(str(path), pagesize=A4)
        self.canvas.setTitle(self.t("Handoff demo sheet"))
        self.font = unicode_font()[0]   # shipped DejaVu: Polish letters on any machine
        self.width, self.height = A4
        self.pages = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.pages:
            self.canvas.showPage()
        self.pages += 1
        self.y = self.height - MARGIN
        self.canvas.setFont(self.font, 7)
        self.canvas.drawRightString(self.width - MARGIN, MARGIN / 2, f"{self.t('Handoff demo sheet')} — {self.pages}")

    def heading(self, text: str, note: str = "", *, worded_note: str = "") -> None:
        """A section title and its note, in the sheet's language (`worded_note`: a note already worded)."""
        text, note = self.t(text), worded_note or (self.t(note) if note else "")
        if self.y < MARGIN + 60 * mm:
            self.new_page()
        self.canvas.setFont(self.font, 13)
        self.canvas.drawString(MARGIN, self.y - 13, text)
        self.y -= 18
        if note:
            self.canvas.setFont(self.font, 8)
            self.canvas.drawString(MARGIN, self.y - 8, note)
            self.y -= 12
        self.y -= 4

    def grid(self, cells: list[Cell], columns: int) -> None:
        """Cells in rows, at most `columns` a row and fewer when the barcodes are wider."""
        available = self.width - 2 * MARGIN
        widest = max((c.drawing.width for c in cells), default=0)
        columns = max(1, min(columns, int(available // (widest + 4 * mm))))
        cell_width = available / columns
        for start in range(0, len(cells), columns):
            row = cells[start:start + columns]
            row_height = max(c.drawing.height for c in row) + 24
            if self.y - row_height < MARGIN:
                self.new_page()
            for index, cell in enumerate(row):
                x = MARGIN + index * cell_width
                self.canvas.setFont(self.font, 8.5)
                self.canvas.drawString(x, self.y - 9, _fit(cell.title, cell_width))
                self.canvas.setFont(self.font, 7)
                self.canvas.drawString(x, self.y - 18, _fit(cell.subtitle, cell_width, 7))
                cell.drawing.drawOn(self.canvas, x, self.y - 20 - cell.drawing.height)
            self.y -= row_height + 6

    def lines(self, rows: list[str]) -> None:
        self.canvas.setFont(self.font, 9)
        for text in rows:
            if self.y < MARGIN + 12:
                self.new_page()
                self.canvas.setFont(self.font, 9)
            self.canvas.drawString(MARGIN, self.y - 10, text)
            self.y -= 13
        self.y -= 6

    def save(self) -> int:
        self.canvas.save()
        return self.pages


def _fit(text: str, width: float, size: float = 8.5) -> str:
    limit = int((width - 4 * mm) / (size * 0.56))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def _demo_db(db_path: Path | None) -> Iterator[sqlite_utils.Database]:
    from terminal.store import open_db

    if db_path is not None:
        db = open_db(db_path)
    else:
        from terminal.config import Settings
        from terminal.demo import generate

        db = open_db(":memory:")
        generate(db, seed=1, orders=40, settings=Settings())
    try:
        yield db
    finally:
        db.close()


def write_sheet(path: Path, *, db_path: Path | None, language: str = "pl") -> int:
    """Write the sheet for the demo database at `db_path` (or for a seed-1 demo, without parcel
    codes, when there is none), in Polish or English. Returns the number of pages."""
    from terminal.demo import codes_path_for, read_codes

    path.parent.mkdir(parents=True, exist_ok=True)
    with _demo_db(db_path) as db:
        codes: dict[str, Any] | None = None
        if db_path is not None and codes_path_for(db_path).exists():
            codes = read_codes(db_path)
        sheet = _Sheet(path, language)
        _people_and_commands(sheet)
        _warehouse(sheet, db)
        _lockers(sheet, db, codes)
        return sheet.save()


def _people_and_commands(sheet: _Sheet) -> None:
    sheet.heading("Badges", "Scan at any login screen. B-1000 holds every role.")
    t = sheet.t
    sheet.grid([Cell(p.name, ", ".join(t(role) for role in p.roles.split(","))
                     + (f" · {t('zones')} {p.zones}" if p.zones else ""), code128(p.badge)) for p in PEOPLE], 3)
    sheet.heading("Commands", "Scan instead of pressing a key.")
    sheet.grid([Cell(name.title(), f"CMD:{name}", code128(f"CMD:{name}")) for name in COMMANDS], 3)


def _warehouse(sheet: _Sheet, db: sqlite_utils.Database) -> None:
    # only empty totes bind to a cart: the shift's picked orders still hold the first ones
    free = [row[0] for row in db.execute("SELECT code FROM totes WHERE order_id IS NULL ORDER BY code LIMIT 12")]
    t = sheet.t
    sheet.heading("Totes", worded_note=t("Empty totes to bind to a cart; colours in blocks of 20:") + " "
                  + ", ".join(t(colour) for colour in TOTE_COLOURS) + ".")
    sheet.grid([Cell(code, t(TOTE_COLOURS[TOTES.index(code) // 20 % len(TOTE_COLOURS)]) if code in TOTES else "",
                     code128(code, height=9 * mm)) for code in free], 4)
    boxes = db.execute("SELECT code, name, barcode, locker_size FROM box_types ORDER BY inner_height_mm").fetchall()
    sheet.heading("Box types", "Scan to override the suggested box.")
    sheet.grid([Cell(name, f"{code}" + (f" · {t('locker')} {size}" if size else ""), code128(barcode, height=9 * mm))
                for code, name, barcode, size in boxes], 3)
    best = db.execute(
        "SELECT s.code, s.name, b.barcode, (SELECT group_concat(location_code, ' ') FROM inventory i"
        " WHERE i.sku_code = s.code AND i.qty > 0) FROM skus s JOIN sku_barcodes b ON b.sku_code = s.code"
        " AND b.kind = 'gtin' AND b.units = 1 WHERE s.code IN (SELECT sku_code FROM order_lines"
        " GROUP BY sku_code ORDER BY count(*) DESC, sku_code LIMIT 9) ORDER BY s.code").fetchall()
    sheet.heading("Locations", "Where the best sellers are (scan the location, then the item).")
    locations = sorted({loc for row in best for loc in (row[3] or "").split()})[:12]
    sheet.grid([Cell(loc, t("location"), code128(loc, height=9 * mm)) for loc in locations], 4)
    sheet.heading("Items (EAN-13)", "The best sellers' GTINs as printed on the products.")
    sheet.grid([Cell(name, f"{code} · {(locs or '').split()[0] if locs else ''}", ean13(gtin[1:]))
                for code, name, gtin, locs in best], 3)
    sheet.heading("Items (SKU code, GS1-128)", "Internal SKU labels, and GS1-128 with batch and expiry.")
    sheet.grid([Cell(name, code, code128(code, height=9 * mm)) for code, name, _, _ in best[:3]], 3)
    cells = []
    expiry = date(2027, 6, 30)
    for index, (_code, name, gtin, _) in enumerate(best[:3]):
        drawing, human = gs1_128([("01", gtin), ("17", f"{expiry + timedelta(days=31 * index):%y%m%d}"),
                                  ("10", f"L{2611 + index}A")])
        cells.append(Cell(name, human, drawing))
    sheet.grid(cells, 2)
    # packable means picked: an open order's ref at the pack station is (rightly) refused
    to_pack = db.execute("SELECT t.code, o.ref, o.service, o.carrier_code FROM totes t JOIN orders o ON o.id ="
                         " t.order_id WHERE o.status = 'picked' ORDER BY o.ship_by, o.ref LIMIT 6").fetchall()
    sheet.heading("Totes to pack", "Picked orders waiting in totes, most urgent first (scan at the pack station).")
    sheet.grid([Cell(f"{tote} · {ref}", f"{service} · {carrier}", code128(tote, height=9 * mm))
                for tote, ref, service, carrier in to_pack], 3)
    loaded = db.execute(
        "SELECT p.tracking_number, o.carrier_code FROM packages p JOIN orders o ON o.id = p.order_id"
        " WHERE p.handed_over_at IS NULL AND o.status = 'packed' AND EXISTS (SELECT 1 FROM label_jobs j"
        " WHERE j.package_id = p.id AND j.status = 'sent') ORDER BY o.ship_by, p.tracking_number LIMIT 6").fetchall()
    sheet.heading("Packages to hand over", "Packed and labelled (scan on the Handover page).")
    sheet.grid([Cell(number, carrier, code128(number, height=9 * mm)) for number, carrier in loaded], 3)


def _lockers(sheet: _Sheet, db: sqlite_utils.Database, codes: dict[str, Any] | None) -> None:
    t = sheet.t
    sheet.new_page()
    sheet.heading("Locker: parcels to deposit (courier)", "Announced parcels; a courier badge, then the parcel.")
    announced = db.execute("SELECT tracking_number, size_class FROM parcels WHERE status = 'announced'"
                           " AND kind = 'delivery' ORDER BY tracking_number LIMIT 6").fetchall()
    sheet.grid([Cell(number, f"{t('size')} {size}", code128(number, height=9 * mm)) for number, size in announced], 3)
    if codes is None:
        sheet.heading("Locker: pickup codes", "Make the demo with `handoff demo --db PATH --sheet FILE.pdf` to print"
                      " the parcels' phone numbers, codes and QR tokens.")
        return
    # what a recipient can still collect: an expired parcel is the courier's now
    waiting = [p for p in codes["parcels"] if p["status"] == "deposited" and p["expires_at"] > codes["now"]]
    zone = site_timezone(db)      # the expiry as the kiosk's clock says it, not UTC
    sheet.heading("Locker: pickup (recipient)", "Type the phone number and the code on the kiosk keypad.")
    sheet.lines([f"{t('door')} {p['door']:>2} · {t(p['status'])} · {t('phone')} {p['phone']} · {t('code')} {p['code']}"
                 f" · {t('expires')} {local_date_time(p['expires_at'], zone)}" for p in waiting])
    sheet.heading("Locker: pickup by QR", "Hold to the kiosk camera or scanner.")
    sheet.grid([Cell(f"{t('door')} {p['door']}", p["tracking_number"], qr(PICKUP_TOKEN_PREFIX + p["qr_token"]))
                for p in waiting[:6]], 3)
    sheet.heading("Locker: returns (sender)", "Type the return code on the kiosk.")
    sheet.lines([f"{r['tracking_number']} · {t('size')} {r['size']} · {t('return code')} {r['return_code']}"
                 for r in codes["returns"] if r["status"] == "announced"])      # a used code opens nothing
