"""Walk every role window and page in Polish, on the demo site, through typical scans and errors, and
fail on any visible string that is not Polish (issue 15, "Done when": the core's sentences arrive as
codes and the UI words them). tests/ui/untranslated.py says how a string is judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from untranslated import english_only_words, untranslated, visible_texts

from terminal.clock import FixedClock, parse_iso
from terminal.config import Settings
from tools.fixture import badge_for_role, make_site_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.i18n import language_switch


@pytest.fixture
def demo_ctx(tmp_path: Path) -> Iterator[AppContext]:
    path, _ = make_site_db(tmp_path / "demo.db", orders=80)
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(), synchronous=True)
    row = ctx.db.execute("SELECT value FROM settings WHERE key = 'demo.now'").fetchone()
    if row:
        ctx.clock.set(parse_iso(row[0]))  # type: ignore[attr-defined]
    yield ctx
    shutdown(ctx)


class Walk:
    """Opens windows, drives them like a person, and gathers what is not Polish at each step."""

    def __init__(self, qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.ctx = qtbot, ctx
        self.english = english_only_words(ctx.db)
        self.problems: list[str] = []

    def open(self, role: str) -> QWidget:
        from ui.windows import make_window

        window = make_window(role, self.ctx)
        self.qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_exit_allowed", True))
        window.resize(1280, 800)
        window.show()
        self.qtbot.waitExposed(window)
        return window

    def look(self, window: QWidget, step: str) -> None:
        self.qtbot.wait(10)
        for problem in untranslated(visible_texts(window), self.english):
            self.problems.append(f"[{step}] {problem}")

    def pages(self, window, role: str) -> None:  # type: ignore[no-untyped-def]
        for spec in list(window.page_specs):
            if window.show_page(spec.key):
                page = window.current_page()
                if hasattr(page, "wait_idle"):
                    page.wait_idle()
                self.look(window, f"{role} {spec.key}")
                tabs = getattr(page, "tabs", None)
                for index in range(tabs.count() if tabs is not None else 0):
                    if tabs.widget(index) is getattr(page, "fleet", None):
                        continue          # the Fleet tab asks a backend; there is none here
                    tabs.setCurrentIndex(index)
                    self.look(window, f"{role} {spec.key} tab {index}")


def picked_tote(ctx: AppContext) -> tuple[str, list[str]] | None:
    row = ctx.db.execute("SELECT t.code, o.id FROM totes t JOIN orders o ON o.id = t.order_id"
                         " WHERE o.status = 'picked' LIMIT 1").fetchone()
    if row is None:
        return None
    skus = [r[0] for r in ctx.db.execute("SELECT sku_code FROM order_lines WHERE order_id = ? AND picked_qty > 0",
                                         (row[1],))]
    return row[0], skus


def test_every_page_in_polish_shows_no_english_and_no_raw_codes(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    language_switch().set_language("pl")
    walk = Walk(qtbot, demo_ctx)
    db = demo_ctx.db

    station = walk.open("station")
    walk.look(station, "station logged out")
    station.deliver_scan("NOT-A-BADGE-42")
    walk.look(station, "station unknown badge")
    station.deliver_scan(badge_for_role(db, "picker"))
    walk.pages(station, "picker")
    station.deliver_scan("NOT-A-BARCODE-42")
    walk.look(station, "picker unknown scan")
    station.logout(force=True)

    station.deliver_scan(badge_for_role(db, "packer"))
    walk.pages(station, "packer")
    if station.show_page("packing"):
        picked = picked_tote(demo_ctx)
        assert picked is not None, "the demo has no picked order to pack"
        tote, skus = picked
        station.deliver_scan(tote)
        walk.look(station, "packing: tote scanned")
        station.deliver_scan("5900000000000")
        walk.look(station, "packing: wrong item")
        for sku in skus:
            station.deliver_scan(sku)
        walk.look(station, "packing: counted")
        boxes = [r[0] for r in db.execute("SELECT barcode FROM box_types WHERE active = 1 ORDER BY inner_length_mm")]
        station.deliver_scan(boxes[0])
        walk.look(station, "packing: smallest box scanned (override)")
        station.deliver_scan(boxes[-1])
        walk.look(station, "packing: largest box scanned (override)")
        station.current_page().weigh(99999, "typed")
        walk.look(station, "packing: weight mismatch")
    if station.show_page("handover"):
        station.deliver_scan("NOT-A-PACKAGE-1")
        walk.look(station, "handover: unknown package")
    station.logout(force=True)

    supervisor = walk.open("supervisor")
    walk.look(supervisor, "supervisor logged out")
    supervisor.deliver_scan(badge_for_role(db, "supervisor"))
    walk.pages(supervisor, "supervisor")

    kiosk = walk.open("kiosk")
    walk.pages(kiosk, "kiosk")
    kiosk.deliver_scan(badge_for_role(db, "courier"))
    walk.pages(kiosk, "courier")
    kiosk.deliver_scan("NOT-A-PARCEL-1")
    walk.look(kiosk, "courier unknown parcel")
    kiosk.logout(force=True)
    kiosk.deliver_scan(badge_for_role(db, "technician"))
    walk.pages(kiosk, "technician")

    assert walk.problems == [], "English or raw codes in the Polish UI:\n" + "\n".join(walk.problems)


def switch_and_look(walk: Walk, window: QWidget, step: str, polish: set[str]) -> None:
    """PL → EN → PL on this screen: nothing Polish stays in English, nothing English in Polish."""
    language_switch().set_language("en")
    walk.qtbot.wait(10)
    for problem in untranslated(visible_texts(window), polish):
        walk.problems.append(f"[{step}, switched to EN] {problem}")
    language_switch().set_language("pl")
    walk.look(window, f"{step}, switched back to PL")


def test_every_page_retranslates_when_the_language_changes(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """After PL → EN the packing page stayed Polish until the next scan, and "Produkt/Policzono" and
    "wpisz wagę w gramach" never changed (issue 15)."""
    from untranslated import polish_only_words

    language_switch().set_language("pl")
    walk = Walk(qtbot, demo_ctx)
    polish = polish_only_words(demo_ctx.db)
    db = demo_ctx.db

    station = walk.open("station")
    switch_and_look(walk, station, "station logged out", polish)
    station.deliver_scan(badge_for_role(db, "picker"))
    station.show_page("picking")
    station.current_page().ask_short()          # binding totes: "no pick task to short", the page's own words
    switch_and_look(walk, station, "picking", polish)
    station.logout(force=True)
    station.deliver_scan(badge_for_role(db, "packer"))
    assert station.show_page("packing")
    picked = picked_tote(demo_ctx)
    assert picked is not None
    station.deliver_scan(picked[0])
    switch_and_look(walk, station, "packing mid-order", polish)
    assert station.show_page("handover")
    switch_and_look(walk, station, "handover", polish)
    station.logout(force=True)

    supervisor = walk.open("supervisor")
    supervisor.deliver_scan(badge_for_role(db, "supervisor"))
    page = supervisor.current_page()
    page.wait_idle()
    for index in range(page.tabs.count()):
        if page.tabs.widget(index) is not page.fleet:
            page.tabs.setCurrentIndex(index)
            switch_and_look(walk, supervisor, f"supervisor tab {index}", polish)

    kiosk = walk.open("kiosk")
    for spec in list(kiosk.page_specs):
        if kiosk.show_page(spec.key):
            switch_and_look(walk, kiosk, f"kiosk {spec.key}", polish)
    kiosk.deliver_scan(badge_for_role(db, "courier"))
    switch_and_look(walk, kiosk, "courier", polish)

    assert walk.problems == [], "Texts that did not follow the language switch:\n" + "\n".join(walk.problems)


def test_the_file_dialog_speaks_polish_with_qts_own_translation(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The supervisor's Save dialog (CSV, shift report) was English in the Polish UI: Qt's own qtbase
    translation was never loaded. Where Qt's Polish has a gap ("Look in") Qt's English stays."""
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    language_switch().set_language("pl")
    dialog = QFileDialog(None, "", "", "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()

    def texts() -> set[str]:
        widgets = [*dialog.findChildren(QLabel), *dialog.findChildren(QPushButton)]
        return {w.text() for w in widgets if w.isVisible()}

    assert {"&Zachowaj", "Anuluj", "Nazwa &pliku:"} <= texts()
    language_switch().set_language("en")
    qtbot.waitUntil(lambda: {"Save", "Cancel", "File &name:"} <= texts())
