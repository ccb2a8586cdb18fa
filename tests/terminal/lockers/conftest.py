"""Lockers fixtures: a real pseudo-terminal emulator, a driver on it, a locker site in a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator

FAST = Timings(reply_timeout=0.15, open_timeout=0.6, poll_interval=0.01)


@pytest.fixture
def emulator() -> Iterator[LockBoardEmulator]:
    with LockBoardEmulator(3, open_delay=0.02) as emu:
        yield emu


@pytest.fixture
def line(emulator: LockBoardEmulator) -> Iterator[LockBoardLine]:
    board_line = LockBoardLine(emulator.path, timings=FAST)
    yield board_line
    board_line.close()
