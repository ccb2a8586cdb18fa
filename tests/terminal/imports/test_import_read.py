"""Reading import files: each row keeps the line it starts on (CSV with quoted line breaks, a JSON array
written any way, {"rows": [...]}, JSON Lines), and a file that cannot be read is a bad row, not a crash.
Property: the checker reports exactly the rows that were spoiled, each at its own line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.clock import FixedClock
from terminal.imports.check import check_file
from terminal.imports.read import Bad, read_rows
from terminal.store import open_db


def _lines(path: Path) -> list[tuple[int, Any]]:
    return [(item.line, item.reason.code) if isinstance(item, Bad) else (item[0], item[1].get("code"))
            for item in read_rows(path)]


def test_rows_keep_the_line_they_start_on(tmp_path: Path) -> None:
    quoted = tmp_path / "skus.csv"
    quoted.write_text('code,name\nA,"two\nlines"\n\nB,plain\n', encoding="utf-8")
    assert _lines(quoted) == [(2, "A"), (5, "B")]
    array = tmp_path / "skus.json"
    array.write_text('[{"code": "A"},\n\n  {"code":\n "B"}, {"code": "C"}\n]', encoding="utf-8")
    assert _lines(array) == [(1, "A"), (3, "B"), (4, "C")]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text('{"source": "shop",\n "rows": [\n  {"code": "A"},\n  {"code": "B"}\n]}', encoding="utf-8")
    assert _lines(wrapped) == [(3, "A"), (4, "B")]
    lines = tmp_path / "skus.jsonl"
    lines.write_text('{"code": "A"}\n\n{"code": "B"}\n', encoding="utf-8")
    assert _lines(lines) == [(1, "A"), (3, "B")]


@pytest.mark.parametrize("name, text, expected", [
    ("broken.json", '[{"code": "A"},\n {"code": }]', [(1, "A"), (2, "import_not_json")]),
    ("scalar.json", '[{"code": "A"},\n 7]', [(1, "A"), (2, "import_not_object")]),
    ("broken.jsonl", '{"code": "A"}\nnope\n', [(1, "A"), (2, "import_not_json")]),
    ("empty.csv", "", [(1, "import_no_header")]),
    ("cp1250.csv", "code,name\nA,\xb3y\xbfka\n", [(2, "import_not_utf8")]),
])
def test_a_file_that_cannot_be_read_is_a_bad_row(tmp_path: Path, name: str, text: str,
                                                 expected: list[tuple[int, str]]) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1") if name == "cp1250.csv" else text.encode("utf-8"))
    assert _lines(path) == expected


SPOIL: dict[str, tuple[str, Any, str]] = {
    "letters": ("weight_g", "heavy", "import_not_whole_number"),
    "zero": ("height_mm", "0", "import_out_of_range"),
    "empty name": ("name", "", "import_missing"),
    "too long": ("code", "X" * 101, "import_too_long"),
    "nul": ("name", "a\x00b", "import_bad_text"),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(1, 30), spoiled=st.dictionaries(st.integers(0, 29), st.sampled_from(sorted(SPOIL)), max_size=8))
def test_exactly_the_spoiled_rows_are_reported_at_their_lines(tmp_path: Path, n: int,
                                                              spoiled: dict[int, str]) -> None:
    spoiled = {i: how for i, how in spoiled.items() if i < n}
    rows = []
    for i in range(n):
        row = {"code": f"S{i}", "name": f"Thing {i}", "length_mm": "10", "width_mm": "10", "height_mm": "10",
               "weight_g": "100"}
        if i in spoiled:
            column, value, _ = SPOIL[spoiled[i]]
            row[column] = value
        rows.append(row)
    path = tmp_path / f"skus-{n}-{len(spoiled)}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    db = open_db(tmp_path / "site.db", create=True)
    checked = check_file(db, "skus", path, FixedClock().now())
    db.close()
    assert [(b.line, b.reason.code) for b in checked.bad] == \
        [(i + 2, SPOIL[how][2]) for i, how in sorted(spoiled.items())]
    assert [r["code"] for r in checked.rows] == [f"S{i}" for i in range(n) if i not in spoiled]
    assert checked.lines == [i + 2 for i in range(n) if i not in spoiled]


def test_a_json_number_where_a_code_belongs_is_read_as_its_digits(tmp_path: Path) -> None:
    path = tmp_path / "skus.json"
    path.write_text('[{"code": 5901234123457, "name": "Kubek", "length_mm": 10, "width_mm": "10", "height_mm": 10,'
                    ' "weight_g": 10, "barcode": 5901234123457}]', encoding="utf-8")
    db = open_db(tmp_path / "site.db", create=True)
    checked = check_file(db, "skus", path, FixedClock().now())
    db.close()
    assert not checked.bad
    assert (checked.rows[0]["code"], checked.rows[0]["barcode"]) == ("5901234123457", "05901234123457")
