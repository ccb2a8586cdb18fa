"""Every page in every state, at 1280×800, 1920×1080 and portrait 1080×1920, in Polish and in English:
no label, button, field or table cell elides or clips its text, and nothing overlaps a sibling or
sticks out of its parent (DESIGN §9 — measured with font metrics against geometry, not by eye).

One window per role per size and language walks all of its states (tools/page_states.py): logged
out, empty pages, the demo's longest product and customer names, a red error, a 600-character scan,
tabs, the kiosk's accessible mode. The states are reached as production reaches them — badge and
item scans through `deliver_scan`, keypad taps, tabs — on the demo site's data, with the light theme
the app starts with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from terminal.clock import FixedClock
from terminal.config import Settings
from tools.fixture import make_site_db
from tools.layout_audit import audit
from tools.page_states import SIZES, STATES, demo_now, walk
from ui.i18n import language_switch

ROLES = ("station", "kiosk", "supervisor")   # the supervisor last: it moves the shared clock to demo.now


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, made once; each size and language walks a fresh copy (the walks write ops)."""
    folder = tmp_path_factory.mktemp("demo-site")
    path, _note = make_site_db(folder / "demo.db")
    return path


def _demo_context(demo_site: Path, folder: Path):  # type: ignore[no-untyped-def]
    from ui.app import make_context

    db_path = folder / "site.db"
    shutil.copy(demo_site, db_path)
    for sidecar in demo_site.parent.glob(demo_site.name + ".*"):      # the site key beside the database
        shutil.copy(sidecar, folder / sidecar.name.replace(demo_site.name, db_path.name))
    return make_context(db_path, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(), demo=True,
                        synchronous=True)


def _shown_window(qtbot, ctx, role: str, size: str):  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    window = make_window(role, ctx)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_exit_allowed", True))
    window.resize(*SIZES[size])
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_in_every_state_fits_its_screen(qtbot, demo_site: Path, tmp_path: Path, themed,  # type: ignore[no-untyped-def]
                                                   size: str, language: str) -> None:
    from ui.app import shutdown

    ctx = _demo_context(demo_site, tmp_path)
    language_switch().set_language(language)
    problems: list[str] = []
    try:
        for role in ROLES:
            if role == "supervisor":
                demo_now(ctx)
            window = _shown_window(qtbot, ctx, role, size)
            reached = []
            for state in walk(role, window):
                reached.append(state)
                problems += [f"{role} / {state}: {problem}" for problem in audit(window)]
            assert tuple(reached) == STATES[role], f"the {role} walk did not reach every state"
            window.logout(force=True)
            window.close()
    finally:
        shutdown(ctx)
    assert not problems, f"{len(problems)} layout problems at {size} in {language}:\n" + "\n".join(problems)


def test_white_tote_badge_has_a_dark_edge_on_the_light_page(qtbot, demo_site: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           themed) -> None:
    """Slot 7's white badge was white on the near-white page: nearly invisible."""
    from ui.app import shutdown

    ctx = _demo_context(demo_site, tmp_path)
    try:
        window = _shown_window(qtbot, ctx, "station", "1280x800")
        for state in walk("station", window):
            if state == "picking-white-tote":
                break
        badge = window.current_page().tote
        assert "7" in badge.text()
        picture = badge.grab().toImage()
        middle = picture.height() // 2
        edge = min(picture.pixelColor(x, middle).lightness() for x in range(0, 6))
        inside = picture.pixelColor(picture.width() // 2, 10).lightness()
        page = window.current_page().grab().toImage().pixelColor(2, 2).lightness()
        assert inside > 200 and page > 200           # a white badge on a light page…
        assert edge < 80, f"…needs a dark edge to be seen (edge lightness {edge})"
        window.logout(force=True)
        window.close()
    finally:
        shutdown(ctx)
