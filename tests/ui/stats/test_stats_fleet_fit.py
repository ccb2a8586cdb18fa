"""The Fleet tab with the backend's figures on screen (a real backend on 127.0.0.1, a synced hour), in
the supervisor window at every size and language: no tile, label or button is cut and nothing
overlaps — the tab's first label was clipped (issue 15)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import register_badge
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from tools.layout_audit import audit
from tools.page_states import SIZES, shown
from ui.i18n import language_switch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402
from sync_live import LiveServer, enrol  # noqa: E402

NOW = START + timedelta(hours=1)


@pytest.fixture(scope="module")
def synced_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A site whose simulated hour the backend has; yields the terminal's database and a fleet token."""
    folder = tmp_path_factory.mktemp("fleet-fit")
    server = LiveServer(f"sqlite:///{folder / 'backend.db'}").start()
    try:
        path = folder / "site.db"
        db = open_db(path, create=True)
        build_world(db, orders=40, seed=7)
        # people are reference data a site loads (no operation writes them): the supervisor's badge
        register_badge(db, "B-SUP", "sup")
        db.conn.commit()
        db.close()
        seed_from_terminal_db(server.app.state.engine, "S1", path)
        term = enrol(server, path, site="S1")
        simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=1, seed=7, start=START))
        while term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            sync_once(term.db, term.client())
        term.db.close()
        token = folder / "fleet.token"
        token.write_text(auth.make_integration_token(server.app.state.engine, "supervisors"))
        yield path, token
    finally:
        server.stop()


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_fleet_tab_with_the_backends_figures_fits(qtbot, synced_site: tuple[Path, Path], themed,  # type: ignore[no-untyped-def]
                                                  size: str, language: str) -> None:
    from ui.app import make_context, shutdown
    from ui.windows import make_window

    path, token = synced_site
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}, "stats": {"fleet_token_file": str(token)}}),
                       clock=FixedClock(NOW), synchronous=True)
    language_switch().set_language(language)
    try:
        window = make_window("supervisor", ctx)
        qtbot.addWidget(window)
        window.resize(*SIZES[size])
        window.show()
        qtbot.waitExposed(window)
        window.deliver_scan("B-SUP")
        page = window.current_page()
        qtbot.waitUntil(lambda: page.snap is not None and not page.reader.busy, timeout=30000)
        with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
            page.tabs.setCurrentWidget(page.fleet)      # choosing the tab asks the backend
        assert page.fleet.figures is not None and page.fleet.board.isVisibleTo(page.fleet)
        shown(window)
        assert audit(window) == []
        window.logout(force=True)
        window.close()
    finally:
        shutdown(ctx)


def test_the_online_backend_sentence_fits_the_status_bar(qtbot, synced_site: tuple[Path, Path], themed) -> None:  # type: ignore[no-untyped-def]
    """The sentence (backend · online · ops waiting · last sync) needed ~990 px with the whole URL and was
    cut in a 1280 px bar; the bar names the backend by its host, the tooltip keeps the address."""
    from ui.app import make_context, shutdown
    from ui.windows import make_window

    path, token = synced_site
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(NOW), synchronous=True)
    language_switch().set_language("pl")
    try:
        window = make_window("supervisor", ctx)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: "online" in window.status.backend_label.text(), timeout=30000)
        shown(window)
        assert [p for p in audit(window) if "HandoffStatusBar" in p.widget] == []
    finally:
        window.close()
        shutdown(ctx)
