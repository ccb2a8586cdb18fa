"""Feedback: banner text and colour state, the last ten outcomes, and silence when there is no sound."""

from __future__ import annotations

from importlib import resources

from terminal.clock import FixedClock
from terminal.config import Settings
from ui.feedback import Feedback, FeedbackBanner, ScanHistory, SoundPlayer


def test_banner_history_and_silent_fallback(qtbot) -> None:  # type: ignore[no-untyped-def]
    banner, history = FeedbackBanner(), ScanHistory()
    qtbot.addWidget(banner)
    qtbot.addWidget(history)
    sounds = SoundPlayer(Settings({"ui": {"sound": True}}))
    assert sounds.enabled is False          # offscreen (or no QtMultimedia / no audio device): silent
    feedback = Feedback(banner, history, sounds, FixedClock())
    for n in range(12):
        feedback.ok(f"scan {n}")
    feedback.error("wrong item")
    assert banner.label.text() == "wrong item" and banner.property("state") == "error"
    assert banner.property("flash") is True
    banner.settle()
    assert banner.property("flash") is False and banner.property("state") == "error"
    assert history.rowCount() == 10       # outcomes no scan caused still get a row, ten at most
    assert [history.item(r, 2).text() for r in range(3)] == ["✗ wrong item", "✓ scan 11", "✓ scan 10"]
    assert history.item(0, 1).text() == "—" and history.item(0, 0).text().count(":") == 2


def test_the_history_lists_scans_with_their_outcome(qtbot) -> None:  # type: ignore[no-untyped-def]
    banner, history = FeedbackBanner(), ScanHistory()
    qtbot.addWidget(banner)
    qtbot.addWidget(history)
    feedback = Feedback(banner, history, SoundPlayer(Settings({"ui": {"sound": False}})), FixedClock())
    feedback.info("Scan your badge.")                  # a prompt outside a scan: banner only
    assert history.rowCount() == 0 and banner.label.text() == "Scan your badge."
    feedback.scan_started("B-1•••")                    # one scan, an ok and a prompt: one row, the ok
    feedback.ok("Welcome, Ala.")
    feedback.info("Scan an empty tote.")
    feedback.scan_finished(True)
    feedback.scan_started("T-0042")                    # handled without a word: ✓
    feedback.scan_finished(True)
    feedback.scan_started("0105901234123457|10LOT-7|1727063021SN123")   # the outcome comes later
    feedback.scan_finished(True)
    feedback.error("That item is not on this order.")   # from the database worker, after routing
    feedback.ok("Synced.")                               # not the scan's: a row of its own
    feedback.scan_started("NOPE")
    feedback.scan_finished(False)
    rows = [[history.item(r, c).text() for c in (1, 2)] for r in range(history.rowCount())]
    assert rows == [["NOPE", "✗ Error"], ["—", "✓ Synced."],
                    ["0105901234123457|10LO…", "✗ That item is not on this order."],
                    ["T-0042", "✓ OK"], ["B-1•••", "✓ Welcome, Ala."]]
    assert history.item(2, 1).toolTip() == "0105901234123457|10LOT-7|1727063021SN123"


def test_sound_files_are_shipped() -> None:
    folder = resources.files("resources.sounds")
    for name in ("ok.wav", "error.wav"):
        assert (folder / name).read_bytes()[:4] == b"RIFF"
