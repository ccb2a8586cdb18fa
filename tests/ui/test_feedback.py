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
    assert history.rowCount() == 10
    assert [history.item(r, 1).text() for r in range(3)] == ["wrong item", "scan 11", "scan 10"]
    assert history.item(0, 2).text() == "Error" and history.item(1, 2).text() == "OK"
    assert history.item(0, 0).text().count(":") == 2


def test_sound_files_are_shipped() -> None:
    folder = resources.files("resources.sounds")
    for name in ("ok.wav", "error.wav"):
        assert (folder / name).read_bytes()[:4] == b"RIFF"
