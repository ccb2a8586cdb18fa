"""The printed sheet: an A4 PDF whose barcodes really decode (rendered with QtPdf, read with zxing-cpp)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from terminal.demo import read_codes
from terminal.demo.sheet import write_sheet

DPI = 200
FORMATS = (zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.EAN13, zxingcpp.BarcodeFormat.QRCode)


def _decode_pdf(path: Path, dpi: int = DPI, pages: set[int] | None = None) -> list[tuple[str, str, str]]:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    found = []
    for page in range(document.pageCount()):
        if pages is not None and page not in pages:
            continue
        size = document.pagePointSize(page)
        assert (round(size.width()), round(size.height())) == (595, 842)   # A4 in points
        image = document.render(page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
        image = image.convertToFormat(image.Format.Format_RGBA8888)
        rgba = Image.frombuffer("RGBA", (image.width(), image.height()), bytes(image.constBits()),
                                "raw", "RGBA", image.bytesPerLine(), 1)
        white = Image.new("RGBA", rgba.size, "white")
        white.alpha_composite(rgba)
        for result in zxingcpp.read_barcodes(white.convert("L"), formats=FORMATS, try_rotate=False,
                                              try_downscale=False, try_invert=False):
            found.append((result.format.name, result.symbology_identifier, result.text))
    document.close()
    return found


@pytest.fixture(scope="module")
def sheet_pdf(demo, tmp_path_factory) -> Path:
    _db, summary = demo
    pdf = tmp_path_factory.mktemp("sheet") / "sheet.pdf"
    assert write_sheet(pdf, db_path=Path(summary.db_path), language="en") >= 3
    return pdf


@pytest.fixture(scope="module")
def decoded(sheet_pdf) -> list[tuple[str, str, str]]:
    return _decode_pdf(sheet_pdf)


def test_every_location_label_on_the_sheet_decodes(qapp, demo, sheet_pdf):
    """Not just some: each location cell (subtitle "location") is read, at a printer's 300 dpi."""
    from PySide6.QtPdf import QPdfDocument

    db, _summary = demo
    document = QPdfDocument()
    document.load(str(sheet_pdf))
    printed = {page: sum(1 for line in document.getAllText(page).text().splitlines() if line.strip() == "location")
               for page in range(document.pageCount())}
    document.close()
    expected = sum(printed.values())
    assert expected >= 6
    pages = {page for page, count in printed.items() if count}
    read = {text for _, _, text in _decode_pdf(sheet_pdf, dpi=300, pages=pages)
            if db.execute("SELECT 1 FROM locations WHERE code = ?", (text,)).fetchone()}
    assert len(read) == expected


def test_badges_of_every_role_and_commands_decode(qapp, demo, decoded):
    _db, summary = demo
    texts = {text for _, _, text in decoded}
    for badges in summary.badges.values():
        assert set(badges) <= texts
    assert {f"CMD:{c}" for c in ("SHORT", "NEXT", "LOGOUT", "CANCEL", "UNDO")} <= texts
    assert "BOX-M" in texts


def test_every_tote_package_and_code_on_the_sheet_works(qapp, demo, decoded):
    """Defect: the sheet's totes were all holding the shift's orders (a cart could bind none), its
    "orders" were open (not packable), and it listed expired parcels' codes for pickup. Each tote on it
    now binds (empty) or packs (a picked order in it), each package can be handed over, and each pickup
    code is for a parcel a recipient can still take."""
    db, summary = demo
    texts = {text for _, _, text in decoded}
    totes = {text: db.execute("SELECT o.status FROM totes t LEFT JOIN orders o ON o.id = t.order_id"
                              " WHERE t.code = ?", (text,)).fetchone()
             for text in texts if text.startswith("T-")}
    free = [code for code, row in totes.items() if row is not None and row[0] is None]
    to_pack = [code for code, row in totes.items() if row is not None and row[0] == "picked"]
    assert len(free) >= 8 and len(to_pack) >= 3 and len(free) + len(to_pack) == len(totes)
    packages = [db.execute("SELECT p.handed_over_at IS NULL AND o.status = 'packed' AND EXISTS (SELECT 1 FROM"
                           " label_jobs j WHERE j.package_id = p.id AND j.status = 'sent') FROM packages p JOIN"
                           " orders o ON o.id = p.order_id WHERE p.tracking_number = ?", (text,)).fetchone()
                for text in texts]
    assert sum(1 for row in packages if row is not None) >= 3 and all(row[0] for row in packages if row is not None)
    codes = read_codes(Path(summary.db_path))
    usable = {p["qr_token"] for p in codes["parcels"] if p["status"] == "deposited" and p["expires_at"] > codes["now"]}
    qr = [text[4:] for fmt, _, text in decoded if fmt == "QRCode"]
    assert qr and set(qr) <= usable


def test_gtins_gs1_and_pickup_qr_decode(qapp, demo, decoded):
    db, summary = demo
    ean = [text for fmt, _, text in decoded if fmt == "EAN13"]
    assert len(ean) >= 6
    for gtin in ean:
        assert db.execute("SELECT 1 FROM sku_barcodes WHERE barcode = ?", ("0" + gtin,)).fetchone()
    gs1 = [text for fmt, aim, text in decoded if fmt == "Code128" and aim == "]C1"]
    assert len(gs1) >= 2 and all(text.startswith("(01)0590") and "(17)" in text and "(10)" in text for text in gs1)
    tokens = {p["qr_token"] for p in read_codes(Path(summary.db_path))["parcels"]}
    qr = [text for fmt, _, text in decoded if fmt == "QRCode"]
    assert qr and all(text.startswith("HQR:") and text[4:] in tokens for text in qr)
    locations = [text for fmt, _, text in decoded if text.startswith(("A-", "B-0", "B-1")) and text.count("-") == 3]
    assert locations and all(db.execute("SELECT 1 FROM locations WHERE code = ?", (loc,)).fetchone()
                             for loc in locations)


def test_the_sheet_without_a_database_still_has_badges(qapp, tmp_path):
    pdf = tmp_path / "plain.pdf"
    assert write_sheet(pdf, db_path=None) >= 2
    assert pdf.read_bytes().startswith(b"%PDF")
