"""Serial scanners through real pseudo-terminals: framing, unplug and reconnect, status messages."""

from __future__ import annotations

import contextlib
import os
import queue
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.config import Settings
from terminal.devices.health import DEVICES, DeviceState
from terminal.scanning.serial_reader import (
    STATUS_CONNECTED,
    Framer,
    SerialScanner,
    SerialScanners,
    SerialSettings,
)

WAIT_S = 10.0   # a generous ceiling for a thread to react; the tests wait on events, not on time


class Pty:
    """A pseudo-terminal pair: we write to the master as the scanner; the reader opens the slave path."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def pty_pair() -> Iterator[Pty]:
    pair = Pty()
    yield pair
    for fd in (pair.master, pair.slave):
        with contextlib.suppress(OSError):
            os.close(fd)


Received = queue.Queue[tuple[str, str]]


def collect(reader: SerialScanner | SerialScanners) -> tuple[Received, Received]:
    scans: queue.Queue[tuple[str, str]] = queue.Queue()
    statuses: queue.Queue[tuple[str, str]] = queue.Queue()
    reader.scanned.connect(lambda raw, port: scans.put((raw, port)))
    reader.status.connect(lambda port, message: statuses.put((port, message)))
    return scans, statuses


def wait_status(statuses: queue.Queue[tuple[str, str]], wanted: str) -> None:
    while True:
        _, message = statuses.get(timeout=WAIT_S)
        if message == wanted:
            return


def test_framer_suffixes() -> None:
    auto = Framer()
    assert auto.feed(b"ABC\r\nDE") == ["ABC"]
    assert auto.feed(b"F\r") == ["DEF"]
    assert auto.feed(b"\nGHI\n\n") == ["GHI"] and not auto.pending
    tab = Framer("TAB")
    assert tab.feed(b"A\tB") == ["A"] and tab.take() == ["B"]
    literal = Framer("##")
    assert literal.feed("zażółć##x".encode()) == ["zażółć"]
    assert Framer().feed(b"\xe9t\xe9\n") == ["été"]     # not UTF-8: read as Latin-1
    with pytest.raises(ValueError):
        Framer("")


def test_scans_arrive_framed(pty_pair: Pty) -> None:
    reader = SerialScanner(pty_pair.path)
    scans, statuses = collect(reader)
    reader.start()
    try:
        wait_status(statuses, STATUS_CONNECTED)
        pty_pair.send(b"]C10105901234123457\x1d10LOT\r\nT-00")
        pty_pair.send(b"42\r")
        assert scans.get(timeout=WAIT_S) == ("]C10105901234123457\x1d10LOT", pty_pair.path)
        assert scans.get(timeout=WAIT_S) == ("T-0042", pty_pair.path)
    finally:
        reader.stop()


def test_frame_timeout_for_scanners_without_suffix(pty_pair: Pty) -> None:
    reader = SerialScanner(pty_pair.path, SerialSettings(suffix="CR", frame_timeout_ms=30))
    scans, statuses = collect(reader)
    reader.start()
    try:
        wait_status(statuses, STATUS_CONNECTED)
        pty_pair.send(b"NOSUFFIX")
        assert scans.get(timeout=WAIT_S) == ("NOSUFFIX", pty_pair.path)
    finally:
        reader.stop()


def test_unplug_reports_port_gone_and_reconnects(tmp_path: Path) -> None:
    first = Pty()
    link = tmp_path / "scanner0"            # like /dev/serial/by-id/…: a stable name for a changing device
    link.symlink_to(first.path)
    reader = SerialScanner(str(link), SerialSettings(reconnect_initial_s=0.02, reconnect_max_s=0.1))
    scans, statuses = collect(reader)
    DEVICES.forget()
    reader.start()
    second: Pty | None = None
    try:
        wait_status(statuses, STATUS_CONNECTED)
        assert DEVICES.snapshot().scanner == DeviceState("ok", str(link))     # what the heartbeat reports
        first.unplug()
        wait_status(statuses, f"port gone: {link}")
        assert DEVICES.snapshot().scanner == DeviceState("problem", f"{link}: port gone: {link}")
        second = Pty()                       # plugged back in: a new device node behind the same name
        link.unlink()
        link.symlink_to(second.path)
        wait_status(statuses, STATUS_CONNECTED)
        assert DEVICES.snapshot().scanner.state == "ok"
        second.send(b"B0001\r")
        assert scans.get(timeout=WAIT_S) == ("B0001", str(link))
    finally:
        reader.stop()
        if second is not None:
            second.unplug()


def test_missing_port_says_so(tmp_path: Path) -> None:
    reader = SerialScanner(str(tmp_path / "ttyACM9"), SerialSettings(reconnect_initial_s=0.02))
    _, statuses = collect(reader)
    reader.start()
    try:
        assert statuses.get(timeout=WAIT_S) == (str(tmp_path / "ttyACM9"), f"port gone: {tmp_path / 'ttyACM9'}")
    finally:
        reader.stop()


def test_all_configured_ports(pty_pair: Pty) -> None:
    other = Pty()
    settings = SerialSettings.from_settings(Settings({"scanning": {"serial_ports": [pty_pair.path, other.path],
                                                                   "serial_suffix": "LF"}}))
    scanners = SerialScanners(settings)
    scans, statuses = collect(scanners)
    scanners.start()
    try:
        wait_status(statuses, STATUS_CONNECTED)
        wait_status(statuses, STATUS_CONNECTED)
        other.send(b"FROM-2\n")
        pty_pair.send(b"FROM-1\n")
        got = {scans.get(timeout=WAIT_S), scans.get(timeout=WAIT_S)}
        assert got == {("FROM-1", pty_pair.path), ("FROM-2", other.path)}
    finally:
        scanners.stop()
        other.unplug()
