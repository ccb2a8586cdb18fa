"""Closing a carrier's day: the handover list of its packed packages, as a PDF and a CSV.

`close_manifest` applies `ManifestClosed` for every packed package of the carrier not on a
manifest yet (whether or not it was already scanned onto the vehicle) and returns the rows; the PDF
(reportlab, A4, with a signature line for the driver) and the CSV (UTF-8, one row per package)
carry the same rows. The day is the site's local date of closing."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path

import sqlite_utils

from terminal.clock import Clock, SystemClock, local_time, site_timezone
from terminal.errors import HandoffError
from terminal.ids import new_id
from terminal.ops import apply_op

CSV_COLUMNS = ("tracking_number", "sscc", "order_ref", "recipient", "postcode", "city", "destination_locker",
               "service", "weight_g", "box_type", "packed_at", "handed_over_at")


@dataclass(frozen=True)
class Manifest:
    manifest_id: str
    carrier_code: str
    carrier_name: str
    day: str
    closed_at: str
    rows: list[dict[str, object]]
    zone: tzinfo = UTC    # the site's: the driver reads the closing time on the site's clock

    @property
    def total_weight_g(self) -> int:
        return sum(int(str(r["weight_g"] or 0)) for r in self.rows)


def close_manifest(db: sqlite_utils.Database, carrier_code: str, *, user_id: str | None = None,
                   clock: Clock | None = None) -> Manifest:
    clock = clock or SystemClock()
    carrier = db.execute("SELECT name FROM carriers WHERE code = ?", (carrier_code,)).fetchone()
    if carrier is None:
        known = ", ".join(r[0] for r in db.execute("SELECT code FROM carriers ORDER BY code"))
        raise HandoffError(f"There is no carrier {carrier_code} here; known carriers: {known or 'none'}.")
    ids = [r[0] for r in db.execute(
        "SELECT p.id FROM packages p JOIN orders o ON o.id = p.order_id WHERE o.carrier_code = ?"
        " AND p.manifest_id IS NULL AND o.status IN ('packed', 'handed_over') ORDER BY p.packed_at, p.id",
        (carrier_code,))]
    if not ids:
        raise HandoffError(f"There is no packed {carrier_code} package that is not on a manifest yet; nothing to "
                           f"close.")
    zone = site_timezone(db)
    day = clock.now().astimezone(zone).date().isoformat()
    manifest_id = new_id()
    applied = apply_op(db, "ManifestClosed", {"manifest_id": manifest_id, "carrier_code": carrier_code, "day": day,
                                              "user_id": user_id, "package_ids": ids}, clock=clock)
    return Manifest(manifest_id, carrier_code, carrier[0], day, applied.at, manifest_rows(db, manifest_id), zone)


def manifest_rows(db: sqlite_utils.Database, manifest_id: str) -> list[dict[str, object]]:
    cursor = db.execute(
        "SELECT p.tracking_number, p.sscc, o.ref, o.recipient_name, o.recipient_postcode, o.recipient_city,"
        " coalesce(o.destination_locker, ''), o.service, p.weight_g, p.box_type, p.packed_at,"
        " coalesce(p.handed_over_at, '') FROM packages p JOIN orders o ON o.id = p.order_id"
        " WHERE p.manifest_id = ? ORDER BY p.packed_at, p.id", (manifest_id,))
    return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in cursor]


def write_csv(manifest: Manifest, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(manifest.rows)


def write_pdf(manifest: Manifest, path: Path) -> None:
    """The handover list a driver signs: header, one table row per package, totals, signatures."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from terminal.packing.pdf_fonts import unicode_font

    font, bold = unicode_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if getattr(style, "fontName", "").endswith("Bold") else font
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"Handover {manifest.carrier_code} {manifest.day}")
    header = ["#", "Tracking", "SSCC", "Order", "Recipient", "Postcode", "City", "Locker", "Service", "kg"]
    body = [[str(n), r["tracking_number"], r["sscc"], r["order_ref"], r["recipient"], r["postcode"], r["city"],
             r["destination_locker"], r["service"], f"{int(str(r['weight_g'] or 0)) / 1000:.2f}"]
            for n, r in enumerate(manifest.rows, 1)]
    table = Table([header, *body], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTNAME", (0, 0), (-1, 0), bold),
                               ("FONTSIZE", (0, 0), (-1, -1), 8), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    story = [
        Paragraph(f"Handover list — {manifest.carrier_name} ({manifest.carrier_code})", styles["Title"]),
        Paragraph(f"Day {manifest.day} · closed {local_time(manifest.closed_at, manifest.zone)} · manifest "
                  f"{manifest.manifest_id}", styles["Normal"]),
        Paragraph(f"{len(manifest.rows)} packages, {manifest.total_weight_g / 1000:.2f} kg in all", styles["Normal"]),
        Spacer(1, 6 * mm), table, Spacer(1, 14 * mm),
        Paragraph("Handed over by (warehouse): ______________________    Received by (driver): "
                  "______________________    Time: ________", styles["Normal"]),
    ]
    doc.build(story)


def check_output(pdf: Path) -> None:
    """Refuse a PDF path that cannot be written before the manifest is closed."""
    if pdf.suffix.lower() != ".pdf":
        raise HandoffError(f"The handover list is a PDF; give a file name ending in .pdf, not {pdf.name}.")
    if not pdf.parent.is_dir():
        raise HandoffError(f"The folder {pdf.parent} does not exist; create it or choose another.")


def write_handover_files(manifest: Manifest, pdf: Path) -> Path:
    """The PDF at `pdf` and the CSV beside it (same stem); returns the CSV path."""
    check_output(pdf)
    csv_path = pdf.with_suffix(".csv")
    write_pdf(manifest, pdf)
    write_csv(manifest, csv_path)
    return csv_path
