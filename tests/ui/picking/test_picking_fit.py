"""The picker cart at 1280×800 (the window `make run` opens) with a product name of three lines: the
tote badge keeps its top and bottom, the SKU code stays on screen, and with a red error nothing
overlaps — the defects issue 15 found on the cart, measured by tools/layout_audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cart_world import cart_context
from picking_world import SKUS, ean13
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from terminal.clock import FixedClock
from tools.layout_audit import audit
from tools.page_states import shown
from ui.app import shutdown
from ui.context import AppContext
from ui.i18n import language_switch
from ui.picking.pages import PickingPage

# a marketplace listing as shops write them: three lines of the cart's big type at 1280×800
LONG_NAME = "Kubek ceramiczny z uchem i pokrywką bambusową, pojemność 350 ml, do zmywarki, granatowy (6 szt.)"


@pytest.fixture
def long_name_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = cart_context(tmp_path / "cart.db", clock, sku_name=LONG_NAME)
    yield ctx
    shutdown(ctx)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_three_line_name_keeps_the_tote_badge_whole_and_the_sku_visible_even_with_an_error(
        qtbot, long_name_ctx: AppContext, themed, language: str) -> None:  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    language_switch().set_language(language)
    window = make_window("station", long_name_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.deliver_scan("B-ALA")
    page = window.current_page()
    assert isinstance(page, PickingPage)
    window.deliver_scan("T-001")
    window.deliver_scan("T-002")
    task = page.view.current_task() if page.view else None
    assert task is not None and task.sku_name == LONG_NAME
    shown(window)
    metrics = QFontMetrics(page.sku.font())
    wrapped = metrics.boundingRect(QRect(0, 0, page.sku.contentsRect().width(), 100_000),
                                   int(Qt.TextFlag.TextWordWrap.value), page.sku.text())
    lines = wrapped.height() // metrics.lineSpacing()
    assert lines >= 3, f"the name wraps to {lines} lines; the test needs three to mean anything"
    assert task.sku_code in page.sku.text()
    assert audit(window) == []

    wrong = next(code for code in SKUS if code != task.sku_code)
    window.deliver_scan(ean13(wrong))                     # the red error on the banner
    shown(window)
    assert window.feedback.last is not None and window.feedback.last.kind == "error"
    assert audit(window) == []
    badge, location, name = page.tote.geometry(), page.location.geometry(), page.sku.geometry()
    assert not badge.intersects(location) and not badge.intersects(name) and not location.intersects(name)
