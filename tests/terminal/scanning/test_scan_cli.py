"""`handoff scan decode` and `handoff scan classify`: exact JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
import sqlite_utils

from terminal.cli import run
from terminal.scanning.synthetic import SYMBOL_BY_KIND, blank_frame, render


@pytest.fixture
def images(tmp_path: Path) -> list[Path]:
    paths = []
    for name, frame in (("qr.png", render(SYMBOL_BY_KIND["QRCode"])),
                        ("ean.jpg", render(SYMBOL_BY_KIND["EAN13"], rotation=5)),
                        ("blank.png", blank_frame())):
        paths.append(tmp_path / name)
        cv2.imwrite(str(paths[-1]), frame)
    return paths


def test_decode_json_per_image(images: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "decode", *map(str, images), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == [str(p) for p in images]
    qr, ean, blank = out.values()
    assert [(c["text"], c["format"], c["symbology"]) for c in qr] == [("HQR:q2Yw3c0X9vL1aB7nK5eR8g", "QRCode", "]Q1")]
    assert [(c["text"], c["format"], c["symbology"]) for c in ean] == [("5901234123457", "EAN13", "]E0")]
    assert blank == []
    assert len(qr[0]["position"]) == 4 and all(len(p) == 2 for p in qr[0]["position"])
    assert all(set(code) == {"text", "format", "symbology", "position"} for code in qr + ean)


def test_a_transparent_png_is_read_as_on_white_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A rendered PDF page or a label tool's export: black bars on a transparent background.
    frame = render(SYMBOL_BY_KIND["EAN13"])
    alpha = (255 - cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
    rgba = cv2.merge([frame[:, :, 0] * 0, frame[:, :, 1] * 0, frame[:, :, 2] * 0, alpha])
    path = tmp_path / "transparent.png"
    cv2.imwrite(str(path), rgba)
    assert run(["scan", "decode", str(path), "--json"]) == 0
    assert [c["text"] for c in json.loads(capsys.readouterr().out)[str(path)]] == ["5901234123457"]


def test_a_missing_image_is_exactly_one_line_on_stderr(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "terminal", "scan", "decode", str(tmp_path / "gone.png")],
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[3])
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"handoff: Cannot read the image {tmp_path / 'gone.png'}; check the path and that it is a PNG, JPEG or BMP."]


@pytest.mark.parametrize("decoder", ["zxing", "pyzbar"])
def test_decode_formats_and_decoder(images: list[Path], capsys: pytest.CaptureFixture[str], decoder: str) -> None:
    assert run(["scan", "decode", str(images[0]), str(images[1]), "--formats", "EAN13",
                "--decoder", decoder, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[str(images[0])] == [] and out[str(images[1])][0]["text"] == "5901234123457"


def test_decode_errors_are_one_sentence(images: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "decode", str(tmp_path / "missing.png"), "--json"]) == 2
    assert "Cannot read the image" in capsys.readouterr().err
    assert run(["scan", "decode", str(images[0]), "--formats", "Nope", "--json"]) == 2
    assert "Unknown barcode format Nope" in capsys.readouterr().err


def test_classify_json(scan_db: sqlite_utils.Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "classify", "]C10105901234123457|10LOT|17270630", "--db", str(db_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["type"] == "ItemScan" and out["sku_code"] == "SKU-0001" and out["expiry"] == "2027-06-30"
    assert out["ais"] == {"01": "05901234123457", "10": "LOT", "17": "270630"} and out["symbology"] == "]C1"
    assert set(out) == {"type", "raw", "symbology", "sku_code", "gtin", "units", "batch", "expiry", "serial", "ais"}
    assert run(["scan", "classify", "0105901234123457\\x1d10LOT", "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["batch"] == "LOT"
    assert run(["scan", "classify", "T-0042", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == "ToteScan: raw=T-0042, code=T-0042"


def test_classify_unknown_exits_1(scan_db: sqlite_utils.Database, db_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "classify", "NOPE-1", "--db", str(db_path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out == {"type": "Unknown", "raw": "NOPE-1", "symbology": "", "message": out["message"]}
    assert '"NOPE-1"' in out["message"]


def test_classify_missing_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "classify", "X", "--db", str(tmp_path / "none.db"), "--json"]) == 2
    assert capsys.readouterr().err.startswith("handoff: ")
