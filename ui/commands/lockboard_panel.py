"""`handoff device emulate-lockboard-panel --boards N [--link PATH]`: the emulator with a Qt panel."""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from terminal.cli import group


def register(sub: Any) -> None:
    device = group(sub, "device", "Talk to the devices attached to this terminal.")
    help = "Emulate CU16 lock boards on a pseudo-terminal with a window to open doors and make faults."
    parser = device.add_parser("emulate-lockboard-panel", help=help, description=help)
    parser.add_argument("--boards", type=int, default=1, help="number of boards, 1–16 (default 1)")
    parser.add_argument("--link", help="also make this path a symlink to the pseudo-terminal")
    parser.set_defaults(func=_panel)


def _panel(args: argparse.Namespace) -> int:
    from terminal.devices.lockboard.emulator import LockBoardEmulator
    from terminal.errors import HandoffError
    from ui.app import qt_app
    from ui.lockers.emulator_panel import EmulatorPanel

    if not 1 <= args.boards <= 16:
        raise HandoffError("An RS-485 line carries 1 to 16 boards; give --boards between 1 and 16.")
    app = qt_app(sys.argv[:1])
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    with LockBoardEmulator(args.boards, open_delay=0.1, link=args.link) as emulator:
        print(emulator.path, flush=True)
        panel = EmulatorPanel(emulator)
        panel.show()
        return int(app.exec())
