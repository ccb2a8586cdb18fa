"""The licence plate label: the plate's SSCC as GS1-128 (00) with its digits written under it, and
the delivery it came with, as one ZPL II job for the station's label printer (packing.printer).

Drawn from the carrier label's pieces (terminal/labels/layout.py elements, zpl.py's element_zpl),
on the same 4x6 in stock, so one printer and one roll serve both. Printing is not an op: the plate
is recorded (LicencePlateOpened) before the label goes out, so a printer that is off loses nothing —
the station says so and the label can be printed again (`print_plate_label`)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.devices.printers import BadPrinterUri, NotSent, OutcomeUnknown, open_printer
from terminal.labels.layout import HEIGHT, INNER, MARGIN, WIDTH, Barcode, Box, Element, Text, _barcode, fit
from terminal.labels.zpl import element_zpl


@dataclass(frozen=True)
class PlateLabel:
    lpn: str
    delivery: str
    supplier: str
    lines: tuple[str, ...] = ()


def plate_label(db: sqlite_utils.Database, lpn: str) -> PlateLabel:
    row = db.execute("SELECT d.ref, coalesce(d.supplier, '') FROM licence_plates p JOIN inbound_deliveries d"
                     " ON d.id = p.inbound_id WHERE p.code = ?", (lpn,)).fetchone()
    return PlateLabel(lpn, str(row[0]) if row else "", str(row[1]) if row else "")


def human_sscc(sscc: str) -> str:
    """(00) 3 590000000 0000001 7: the digits as GS1 writes them under the bars."""
    return f"(00) {sscc[0]} {sscc[1:10]} {sscc[10:17]} {sscc[17]}"


def elements(label: PlateLabel) -> list[Element]:
    out: list[Element] = [
        Text(MARGIN, MARGIN, 36, "LPN", INNER),
        Text(MARGIN, 80, 48, fit(label.delivery, 48, INNER), INNER),
        Text(MARGIN, 140, 32, fit(label.supplier, 32, INNER), INNER),
        Box(MARGIN, 190, INNER, 4, 4),
        Text(MARGIN, 230, 60, human_sscc(label.lpn), INNER, align="C"),
    ]
    barcode: Barcode = _barcode(320, 300, f"00{label.lpn}", True)
    out.append(barcode)
    return out


def to_zpl(label: PlateLabel) -> str:
    body = "\n".join(element_zpl(e) for e in elements(label))
    return f"^XA\n^CI28\n^PW{WIDTH}\n^LL{HEIGHT}\n^LH0,0\n^PON\n{body}\n^PQ1\n^XZ\n"


def print_plate_label(db: sqlite_utils.Database, lpn: str, printer: str) -> str | None:
    """Send the plate's label; None when it went out, else the reason (the printer is off or
    unreachable, or the send broke midway) — the plate itself is already recorded either way."""
    data = to_zpl(plate_label(db, lpn)).encode("utf-8")
    try:
        open_printer(printer).send(data)
    except (NotSent, OutcomeUnknown, BadPrinterUri) as exc:
        return str(exc)
    return None
