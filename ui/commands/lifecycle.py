"""What `handoff run` does around the window's life: tell systemd it is up and alive, quit on request.

The kiosk unit is `Type=notify` with `WatchdogSec`: READY=1 goes once the first window is on screen,
WATCHDOG=1 from a timer on the GUI thread, so a frozen event loop stops the pings and systemd
restarts the kiosk (a dead process alone would not cover a hung one). `--quit-after` lets the
bundle's smoke test start a real window and have it leave by itself, the same way as Ctrl+C."""

from __future__ import annotations

import logging
from typing import Any

from terminal import watchdog

log = logging.getLogger("ui.run")


def when_shown(widget: Any, action: Any) -> None:
    """Call `action()` once `widget` is exposed on screen (polled: a shown window is exposed a little later)."""
    from PySide6.QtCore import QTimer

    def check() -> None:
        handle = widget.windowHandle()
        if handle is not None and handle.isExposed():
            action()
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def announce(app: Any, widget: Any, role: str) -> None:
    """Log the window and tell systemd (when it is watching) that the terminal is up, then keep pinging."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        log.info("%s window shown", role)
        watchdog.ready()

    when_shown(widget, shown)
    interval = watchdog.watchdog_interval_s()
    if interval is not None:
        timer = QTimer(app)
        timer.timeout.connect(watchdog.ping)
        timer.start(max(100, int(interval * 1000)))   # parented to the app, so it lives as long


def quit_after(widget: Any, seconds: float) -> None:
    """Leave the event loop `seconds` after the window is shown, with exit code 0."""
    from PySide6.QtCore import QCoreApplication, QTimer

    def later() -> None:
        log.info("quitting after %s s as asked (--quit-after)", seconds)
        QCoreApplication.exit(0)   # quit() would ask the kiosk, which refuses to close

    when_shown(widget, lambda: QTimer.singleShot(int(seconds * 1000), later))
