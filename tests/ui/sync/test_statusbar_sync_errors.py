"""A failed sync is worded in the reader's language (issue 15, Language): the core's sentence is
English ("The backend cannot be reached (ConnectError: …)") and the Polish status bar showed it as is.
The bar words the error's code; the English detail stays in the tooltip for whoever supports it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from terminal.config import Settings
from terminal.sync.client import SyncError
from terminal.sync.cycle import sync_once
from ui.app import make_context, shutdown
from ui.i18n import language_switch
from ui.widgets.statusbar import HandoffStatusBar

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backend"))
from sync_live import LiveServer, enrol  # noqa: E402


def test_an_unreachable_backend_is_said_in_polish_with_the_details_in_the_tooltip(qtbot, tmp_path: Path) -> None:
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    terminal = enrol(server, tmp_path / "site.db")
    url = server.url
    server.stop()                                     # the backend goes away: the next sync fails for real
    with pytest.raises(SyncError):
        sync_once(terminal.db, terminal.client())
    terminal.db.close()
    ctx = make_context(tmp_path / "site.db", settings=Settings({"ui": {"sound": False},
                                                                "sync": {"backend_url": url}}), synchronous=True)
    language_switch().set_language("pl")
    try:
        bar = HandoffStatusBar(ctx)
        qtbot.addWidget(bar)
        bar.refresh_backend()
        qtbot.waitUntil(lambda: "offline" in bar.backend_label.text(), timeout=10000)
        text, tooltip = bar.backend_label.text(), bar.backend_label.toolTip()
        assert "brak połączenia z serwerem" in text, text
        assert "cannot be reached" not in text
        assert "The backend cannot be reached" in tooltip       # the details, for support
        language_switch().set_language("en")
        qtbot.waitUntil(lambda: "the backend cannot be reached; work is kept" in bar.backend_label.text(),
                        timeout=5000)
    finally:
        language_switch().set_language("en")
        shutdown(ctx)
