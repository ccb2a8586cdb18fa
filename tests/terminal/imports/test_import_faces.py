"""`handoff import faces FILE`: a standalone site's pick faces (min/max per location and SKU) from CSV or
JSON; a bad row (unknown location or SKU, min above max, a repeated face) is reported with its line and
nothing is imported; a re-import changes the same faces."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_world import make_site, run_import, write

from terminal.store import open_db

FACES = [{"location": "A-01-01-1L", "sku": "SKU-000", "min": 4, "max": 20},
         {"location": "A-01-02-1L", "sku": "SKU-001", "min": 0, "max": 6}]


def _faces(site: Path) -> set[tuple[str, str, int, int]]:
    db = open_db(site)
    try:
        return {tuple(r) for r in db.execute("SELECT location_code, sku_code, min_qty, max_qty FROM pick_faces")}
    finally:
        db.close()


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_faces_import_and_a_reimport_changes_the_same_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           suffix: str) -> None:
    site = make_site(tmp_path / "site.db")
    code, out = run_import(capsys, site, "faces", write(tmp_path / f"faces{suffix}", FACES))
    assert code == 0 and out["bad"] == [] and out["imported"] == 2
    assert _faces(site) == {("A-01-01-1L", "SKU-000", 4, 20), ("A-01-02-1L", "SKU-001", 0, 6)}
    again = [{**FACES[0], "max": 30}]
    assert run_import(capsys, site, "faces", write(tmp_path / f"again{suffix}", again))[0] == 0
    assert ("A-01-01-1L", "SKU-000", 4, 30) in _faces(site) and len(_faces(site)) == 2


@pytest.mark.parametrize("bad, code, args", [
    ({"location": "NOWHERE", "sku": "SKU-000", "min": 1, "max": 2}, "import_unknown_location", ["NOWHERE"]),
    ({"location": "A-01-01-1L", "sku": "NOPE", "min": 1, "max": 2}, "import_unknown_sku", ["NOPE"]),
    ({"location": "A-01-03-1L", "sku": "SKU-002", "min": 9, "max": 2}, "import_min_over_max", ["9", "2"]),
    ({"location": "A-01-03-1L", "sku": "SKU-002", "min": 1, "max": 0}, "import_out_of_range",
     ["max", "1", "1000000", "0"]),
    ({"location": "A-01-01-1L", "sku": "SKU-000", "min": 1, "max": 2}, "import_duplicate",
     ["SKU-000 @ A-01-01-1L", "2"]),
])
def test_a_bad_face_is_reported_with_its_line_and_nothing_is_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: dict[str, object], code: str,
        args: list[object]) -> None:
    site = make_site(tmp_path / "site.db")
    exit_code, out = run_import(capsys, site, "faces", write(tmp_path / "faces.csv", [FACES[0], bad]))
    assert exit_code == 1
    assert [(b["line"], b["code"], b["args"]) for b in out["bad"]] == [(3, code, args)]
    assert _faces(site) == set()
