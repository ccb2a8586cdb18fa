"""A start prints no audio back-end banners and the log gets no line per sync request (issue 15)."""

from __future__ import annotations

import logging

from PySide6.QtCore import qWarning

from terminal.config import Settings
from terminal.logs import setup_logging
from ui.qt_messages import is_audio_chatter, quiet_audio_backend


def test_pulseaudio_and_ffmpeg_chatter_goes_to_the_log_not_stderr(qtbot, caplog, capfd):
    quiet_audio_backend()
    with caplog.at_level(logging.INFO, logger="ui.audio"):
        qWarning("PulseAudioService: pa_context_connect() failed")
    assert "PulseAudioService" in caplog.text
    assert "PulseAudioService" not in capfd.readouterr().err


def test_only_audio_back_end_messages_count_as_chatter():
    assert is_audio_chatter("qt.multimedia.ffmpeg", "Using Qt multimedia with FFmpeg version 7.1")
    assert is_audio_chatter("default", "PulseAudioService: pa_context_connect() failed")
    assert not is_audio_chatter("default", "QWidget::setLayout: Attempting to set QLayout")
    assert not is_audio_chatter("qt.qpa.xcb", "could not connect to display")


def test_http_requests_are_not_logged_one_line_each(tmp_path):
    root = logging.getLogger()
    handlers, filters, level = list(root.handlers), list(root.filters), root.level
    try:
        setup_logging(Settings({"logging": {"dir": str(tmp_path)}}))
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("httpx").isEnabledFor(logging.WARNING)
    finally:
        for handler in root.handlers[len(handlers):]:
            root.removeHandler(handler)
            handler.close()
        root.filters[:] = filters
        root.setLevel(level)
