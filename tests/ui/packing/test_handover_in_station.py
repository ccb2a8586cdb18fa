"""The handover page in the real station window (issue 15, behaviour): a package whose label never
printed is held until a supervisor's badge; the packing page's message does not follow the packer onto
the handover page; each message is said once on one screen (a weight mismatch showed four times)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from test_packing_in_station import open_station, pack_two, station, type_weight

from terminal.clock import FixedClock
from ui.app import shutdown
from ui.context import AppContext
from ui.packing.handover import HandoverPage


@pytest.fixture
def packing_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = station(tmp_path, clock)          # its printer is off
    yield ctx
    shutdown(ctx)


def visible_texts(window) -> list[str]:
    return [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]


def test_an_unlabelled_package_is_held_until_a_supervisor_badge(qtbot, packing_ctx: AppContext) -> None:
    window, page = open_station(qtbot, packing_ctx)
    pack_two(qtbot, window, page)                        # the printer is off: neither label printed
    assert "Printer is off" in page.label_panel.status.text()
    db = packing_ctx.db
    tracking = db.execute("SELECT tracking_number FROM packages ORDER BY packed_at LIMIT 1").fetchone()[0]
    window.show_page("handover")
    hand = window.current_page()
    assert isinstance(hand, HandoverPage)
    window.deliver_scan(tracking)
    assert window.feedback.last.kind == "error" and "never printed" in window.feedback.last.text
    held = db.execute("SELECT handed_over_at FROM packages WHERE tracking_number = ?", (tracking,)).fetchone()[0]
    assert held is None
    window.deliver_scan("B-SUE")                         # the supervisor lets it go; nobody logs in or out
    assert window.user.id == "u-pat"
    assert window.feedback.last.kind == "ok" and "accepted by Sue" in window.feedback.last.text
    assert db.execute("SELECT handed_over_at IS NOT NULL FROM packages WHERE tracking_number = ?",
                      (tracking,)).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'unlabelled_handover'").fetchone()[0] == 1


def test_the_packing_message_does_not_follow_onto_the_handover_page(qtbot, packing_ctx: AppContext) -> None:
    window, page = open_station(qtbot, packing_ctx)
    window.deliver_scan("T-002")
    window.deliver_scan("SKU-BAG")
    type_weight(qtbot, page, 900)                        # expected 420 g ± 30 g: a mismatch
    said = window.feedback.last.text
    assert window.feedback.last.kind == "error" and "900" in said
    shown = visible_texts(window)
    # once on the screen: the banner; the page's own lines do not repeat it
    assert sum(text == said for text in shown) == 1, shown
    assert sum("F10" in text for text in shown) <= 2     # the banner's sentence and the one instruction line
    window.show_page("handover")
    assert said not in visible_texts(window)
