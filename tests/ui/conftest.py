"""Fixtures for the role windows: a small real site database, a synchronous context, window makers.

Also: the offscreen platform's size-hint warning is ignored for every UI test (it is the test
platform talking, not our code), the language is English unless a test switches it, and a test
fails if it leaves the database worker thread running."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.store import open_db
from tools.fixture import fill_small_site
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.i18n import language_switch

OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
UI_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def english_and_no_leftover_threads(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    language_switch().set_language("en")
    before = {t.ident for t in threading.enumerate()}
    yield
    language_switch().set_language("en")
    # only this test's leftovers: one leak fails one test, not every test after it
    workers = [t.name for t in threading.enumerate() if t.name == "handoff-db-worker" and t.ident not in before]
    assert not workers, f"a test left the database worker running: {workers}"


@pytest.fixture
def themed() -> Iterator[None]:
    """The light theme as `handoff run` applies it: its font sizes are what must fit."""
    from ui.app import apply_theme, qt_app

    apply_theme("light")
    yield
    qt_app().setStyleSheet("")


@pytest.fixture
def site_db_path(tmp_path: Path) -> Path:
    path = tmp_path / "site.db"
    db = open_db(path, create=True)
    fill_small_site(db)
    db.close()
    return path


@pytest.fixture
def ui_settings() -> Settings:
    return Settings({"ui": {"sound": False}})


@pytest.fixture
def ui_ctx(site_db_path: Path, ui_settings: Settings, clock: FixedClock) -> Iterator[AppContext]:
    ctx = make_context(site_db_path, settings=ui_settings, clock=clock, synchronous=True)
    yield ctx
    shutdown(ctx)


WindowMaker = Callable[..., object]


@pytest.fixture
def make_role_window(qtbot, ui_ctx: AppContext) -> WindowMaker:  # type: ignore[no-untyped-def]
    """`make_role_window("station")` → a shown window of that role on the small site."""
    from ui.windows import make_window

    def make(role: str, ctx: AppContext | None = None):  # type: ignore[no-untyped-def]
        window = make_window(role, ctx or ui_ctx)
        # The kiosk refuses to close without a technician; tests may always close it.
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_exit_allowed", True))
        window.show()
        qtbot.waitExposed(window)
        return window

    return make
