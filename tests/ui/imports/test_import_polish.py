"""Every reason `handoff import` gives for a bad row has a finished Polish sentence with the same
placeholders, and a reason the core made reads in Polish through the UI's table."""

from __future__ import annotations

from pathlib import Path

from polish_ts import placeholders, polish

from terminal.clock import FixedClock
from terminal.imports.check import check_file
from terminal.imports.messages import MESSAGES
from terminal.store import open_db
from ui.coded_text import say_text
from ui.i18n import language_switch
from ui.imports import messages


def test_every_import_reason_has_a_polish_sentence() -> None:
    assert messages.texts() == MESSAGES     # the table's source is the core's English, code by code
    pl = polish("ImportMessages")
    for code, text in MESSAGES.items():
        assert pl.get(text), f"no Polish for {code}: {text!r}"
        assert placeholders(pl[text]) == placeholders(text), code


def test_a_bad_row_reads_in_polish(tmp_path: Path) -> None:
    db = open_db(tmp_path / "site.db", create=True)
    path = tmp_path / "skus.csv"
    path.write_text("code,name,length_mm,width_mm,height_mm,weight_g\nA,Kubek,szeroki,1,1,1\n", encoding="utf-8")
    checked = check_file(db, "skus", path, FixedClock().now())
    db.close()
    [bad] = checked.bad
    assert bad.line == 2 and bad.reason.text == "Column length_mm must be a whole number, not “szeroki”."
    language_switch().set_language("pl")
    try:
        assert say_text(messages.texts(), bad.reason) == \
            "Kolumna length_mm musi zawierać liczbę całkowitą, a nie „szeroki”."
    finally:
        language_switch().set_language("en")
