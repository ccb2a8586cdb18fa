"""The driver against the emulator through a real pseudo-terminal and pyserial."""

from __future__ import annotations

import pytest

from terminal.devices.lockboard.driver import BoardConfig, LockBoardError, LockBoardLine
from terminal.devices.lockboard.emulator import LockBoardEmulator, control_command
from terminal.devices.lockboard.protocol import status_reply
from tests.terminal.lockers.conftest import FAST


def test_status_reads_hooks_and_infrared(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    emulator.open_door(1, 5)
    emulator.put_item(1, 7)
    status = line.status(1)
    assert status.online
    assert status.door(5).state == "open" and status.door(4).state == "closed"
    assert status.door(7).occupied is True and status.door(6).occupied is False


def test_unlock_sends_one_frame_and_sees_the_door_open(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    result = line.unlock(1, 3)
    assert result.outcome == "opened"
    assert emulator.unlock_count(1, 3) == 1
    assert bytes.fromhex("02 12 31 03 48") in emulator.requests


def test_stuck_door_is_not_opened_and_never_resent(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    emulator.set_stuck(0, 2)
    result = line.unlock(0, 2)
    assert result.outcome == "not_opened"
    assert emulator.unlock_count(0, 2) == 1            # no automatic re-unlock


def test_silent_board_reports_unknown_doors(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    seen: list[tuple[int, bool]] = []
    line.board_online_changed.connect(lambda b, online: seen.append((b, online)))
    assert line.status(2).online
    emulator.set_silent(2)
    status = line.status(2)
    assert not status.online and {d.state for d in status.doors} == {"unknown"}
    assert line.unlock(2, 1).outcome == "unknown"
    assert emulator.unlock_count(2, 1) == 1
    assert seen == [(2, True), (2, False)]


def test_garbled_reply_is_discarded_and_counted(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    emulator.set_garbled(0)
    assert not line.status(0).online
    assert line.counters.bad_checksum == 1
    emulator.set_garbled(0, False)
    assert line.status(0).online


def test_reply_for_the_wrong_address_is_never_trusted(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    emulator.set_wrong_address(0)
    assert not line.status(0).online
    assert line.counters.wrong_address == 1


def test_stale_garbage_on_the_line_is_dropped(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    line.open()
    emulator.inject(bytes.fromhex("02 00 35 00") + status_reply(0, 0, 0xFFFF))   # stale, would say all open
    status = line.status(0)
    assert status.online and status.door(1).state == "closed"


def test_door_that_opens_by_itself_shows_open(emulator: LockBoardEmulator, line: LockBoardLine) -> None:
    assert control_command(emulator, "open 0 9") == "ok"
    assert line.status(0).door(9).state == "open"


def test_polarity_is_per_board(emulator: LockBoardEmulator) -> None:
    inverted = LockBoardLine(emulator.path, timings=FAST, boards={0: BoardConfig(hook_closed_bit=0)})
    try:
        assert inverted.status(0).door(1).state == "open"       # emulator says 1; for this board 1 = open
        assert inverted.status(1).door(1).state == "closed"
    finally:
        inverted.close()


def test_missing_port_is_one_clear_sentence(tmp_path) -> None:
    line = LockBoardLine(str(tmp_path / "nope"), timings=FAST)
    with pytest.raises(LockBoardError, match="does not exist"):
        line.status(0)
    assert line.unlock(0, 1).outcome == "not_sent"
