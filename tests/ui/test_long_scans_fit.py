"""A long scan (a stuck wedge scanner, a pasted paragraph) must not push the big message sideways nor
squeeze the scan log, and the log's "Scan" column must not stay wide and hide "Result" afterwards."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.layout_audit import audit
from tools.page_states import shown


def _log_columns_fit(window) -> None:  # type: ignore[no-untyped-def]
    log = window.history
    room = log.viewport().width()
    header = log.horizontalHeader()
    assert header.sectionViewportPosition(2) < room, "the Result column starts off screen"
    assert room - header.sectionViewportPosition(2) >= room / 3, "Result is left less than a third of the log"
    banner = window.banner
    assert banner.label.geometry().right() <= banner.contentsRect().right()
    assert banner.width() > log.width(), "the banner keeps its larger share of the footer"


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_a_600_character_scan_neither_pushes_the_banner_nor_squeezes_the_log(
        make_role_window, themed, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.resize(*size)
    window.deliver_scan("Z" * 600)
    shown(window)
    _log_columns_fit(window)
    assert audit(window) == []
    window.deliver_scan("B-1001")             # the next scans: Result still has its room
    window.deliver_scan("NOT-A-BADGE-42")
    shown(window)
    _log_columns_fit(window)
    assert audit(window) == []


SCAN_TEXT = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", min_size=1,
                    max_size=700)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scans=st.lists(SCAN_TEXT, min_size=1, max_size=3))
def test_no_scan_text_breaks_the_footer_layout(make_role_window, themed, scans: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Whatever a scanner sends, the banner stays inside its strip and the log shows every column."""
    window = make_role_window("station")
    window.resize(1280, 800)
    for raw in scans:
        window.deliver_scan(raw)
    shown(window)
    _log_columns_fit(window)
    problems = [p for p in audit(window) if "feedback" in p.widget.lower() or "scanHistory" in p.widget]
    assert problems == []
    window.close()
