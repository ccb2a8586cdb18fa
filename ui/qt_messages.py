"""Qt's audio back-end talks on stderr at every start; route that chatter into the log instead.

QtMultimedia prints a FFmpeg version banner and, on a box without a sound server, one PulseAudio
failure line — nothing an operator can act on, and it buries real messages in the terminal. Those
go to the `ui.audio` logger (the rotated log keeps them for support); every other Qt message goes
on to the handler that was installed before (Qt's default, or pytest-qt's in the tests)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ui.audio")
_AUDIO_CATEGORIES = ("qt.multimedia",)
_AUDIO_PREFIXES = ("PulseAudioService:", "ALSA lib", "pa_context")

Handler = Callable[[QtMsgType, QMessageLogContext, str], Any]
_previous: Handler | None = None
_installed = False


def is_audio_chatter(category: str | None, message: str) -> bool:
    return (category or "").startswith(_AUDIO_CATEGORIES) or message.startswith(_AUDIO_PREFIXES)


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if is_audio_chatter(context.category, message):
        log.info("%s", message)
        return
    if _previous is not None:
        _previous(kind, context, message)
    else:   # what Qt's default handler would print
        print(f"{context.category}: {message}" if context.category not in (None, "default") else message,
              file=sys.stderr)


def quiet_audio_backend() -> None:
    """Install the routing handler once (before QtMultimedia loads)."""
    global _previous, _installed
    if _installed:
        return
    _previous = qInstallMessageHandler(_handle)
    _installed = True
