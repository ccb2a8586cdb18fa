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
    assert run(["scan", "classify", "0105901234123457\\x1d10LOT", "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["batch"] == "LOT"
    assert run(["scan", "classify", "T-0042", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == "ToteScan: raw=T-0042, code=T-0042"


def test_classify_unknown_exits_1(scan_db: sqlite_utils.Database, db_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "classify", "NOPE-1", "--db", str(db_path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["type"] == "Unknown" and '"NOPE-1"' in out["message"]


def test_classify_missing_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "classify", "X", "--db", str(tmp_path / "none.db"), "--json"]) == 2
    assert capsys.readouterr().err.startswith("handoff: ")
