"""What the device emulator commands (`emulate-scale`, `lockboard emulate`) share: the path shown
for a driver to open, and running until Ctrl+C or a service manager's SIGTERM."""

from __future__ import annotations

import signal
import sys
import threading


def stop_on_signal() -> threading.Event:
    """An event that SIGTERM and SIGINT set, so the command leaves its `with` and the pty closes cleanly."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stop


def announce(path: str, link: str | None, what: str, hint: str = "") -> None:
    """The pty path alone on stdout (for scripts), the human sentence on stderr."""
    print(path, flush=True)
    print(f"emulating {what} on {path}" + (f" (link {link})" if link else "") + (f"; {hint}" if hint else "")
          + "; Ctrl+C to stop", file=sys.stderr, flush=True)
