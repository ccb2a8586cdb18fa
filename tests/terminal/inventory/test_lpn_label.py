"""The licence plate label, rendered by the independent ZPL renderer the carrier label tests use
(zpl-renderer-js under node) and read back by zxing-cpp: the GS1-128 holds (00) and the plate's SSCC."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import zxingcpp
from biip.gs1_messages import GS1Message
from PIL import Image

from terminal.inventory.lpn_label import PlateLabel, print_plate_label, to_zpl
from terminal.inventory.receiving import next_lpn
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "labels"))
from label_world import node_render  # noqa: E402


def test_the_plate_label_reads_back_as_its_sscc(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db", create=True)
    lpn = next_lpn(db, "5901234", 7)
    zpl = to_zpl(PlateLabel(lpn, "WZ 17/2026", "Hurtownia Łódź Sp. z o.o."))
    assert "^CI28" in zpl and "Hurtownia Łódź" in zpl
    image = Image.open(node_render(zpl, tmp_path)).convert("L")
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    assert [r.symbology_identifier for r in found] == ["]C1"]
    (element,) = GS1Message.parse_hri(found[0].text).element_strings
    assert element.ai.ai == "00" and element.sscc is not None and element.sscc.value == lpn


def test_a_printer_that_is_off_is_said_and_a_file_printer_gets_the_job(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db", create=True)
    with socket.socket() as probe:          # a port nobody listens on: the printer is off
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    problem = print_plate_label(db, "359012340700000019", f"tcp://127.0.0.1:{port}")
    assert problem and "127.0.0.1" in problem
    out = tmp_path / "printer.zpl"
    assert print_plate_label(db, "359012340700000019", f"file:{out}") is None
    assert out.read_text(encoding="utf-8").startswith("^XA") and "00359012340700000019" in out.read_text()
