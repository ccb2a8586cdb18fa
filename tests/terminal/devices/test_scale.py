"""The serial scale driver against the emulator on a real pseudo-terminal, through pyserial."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from terminal.devices.scales.driver import CONNECTED, NO_DATA, SerialScale
from terminal.devices.scales.emulator import ScaleEmulator
from terminal.devices.scales.protocol import format_line, parse_line


def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


@pytest.mark.parametrize(("line", "stable", "grams", "net"), [
    ("ST,GS,+  1.234kg", True, 1234, False),
    ("US,NT,-  0.012kg", False, -12, True),
    ("ST,+00123.45  g", True, 123, False),
    ("st,gs,+0002.50 LB", True, 1134, False),
    (format_line(850, True).strip(), True, 850, False),
])
def test_lines_parse(line, stable, grams, net):
    reading = parse_line(line)
    assert reading is not None and (reading.stable, reading.grams, reading.net) == (stable, grams, net)


@pytest.mark.parametrize("line", ["", "SCALE V2.1 READY", "ST,GS,++abc kg", "XX,GS,+1.0kg", "ST,GS,+1.0 stone"])
def test_garbage_is_not_a_reading(line):
    assert parse_line(line) is None


def test_overload_is_no_weight():
    reading = parse_line("OL,GS,+  9.999kg")
    assert reading is not None and reading.overload and not reading.stable


def test_stable_and_unstable_readings_and_garbage_between(tmp_path: Path):
    with ScaleEmulator(grams=0) as emulator:
        scale = SerialScale(emulator.path).start()
        try:
            stable_weights: list[int] = []
            got = threading.Event()

            def on_reading(reading) -> None:
                if reading.stable and reading.grams == 1234:
                    stable_weights.append(reading.grams)
                    got.set()

            scale.reading.connect(on_reading)
            wait_for(lambda: scale.last_status == CONNECTED)
            emulator.set(1230, stable=False)
            wait_for(lambda: scale.last is not None and scale.last.grams == 1230 and not scale.last.stable)
            emulator.send_garbage()
            emulator.set(1234, stable=True)
            assert got.wait(5)
            wait_for(lambda: scale.garbage >= 2)
            assert scale.last_status == CONNECTED and scale.last.stable and stable_weights[0] == 1234
        finally:
            scale.stop()


def test_silence_then_unplug_then_replug(tmp_path: Path):
    link = str(tmp_path / "scale")
    statuses: list[str] = []
    emulator = ScaleEmulator(grams=500, link=link).start()
    scale = SerialScale(link, silence_s=0.5, reconnect_max_s=0.2)
    scale.status.connect(statuses.append)
    scale.start()
    try:
        wait_for(lambda: scale.last_status == CONNECTED)
        emulator.silent = True
        wait_for(lambda: scale.last_status == NO_DATA)
        assert scale.last is None                              # no stale weight while nothing comes
        emulator.unplug()
        wait_for(lambda: scale.last_status == f"port gone: {link}")
        emulator = ScaleEmulator(grams=750, link=link).start()
        wait_for(lambda: scale.last is not None and scale.last.grams == 750)
        assert statuses[0] == CONNECTED and NO_DATA in statuses and f"port gone: {link}" in statuses
        assert statuses[-1] == CONNECTED
    finally:
        scale.stop()
        emulator.stop()


def test_a_missing_port_says_so_at_once(tmp_path: Path):
    scale = SerialScale(str(tmp_path / "nothing"), reconnect_max_s=0.1).start()
    try:
        wait_for(lambda: scale.last_status.startswith("port gone"))
    finally:
        scale.stop()


def test_emulate_scale_cli_streams_and_takes_weights_from_stdin(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys

    link = tmp_path / "scale"
    proc = subprocess.Popen([sys.executable, "-m", "terminal", "device", "emulate-scale", "--link", str(link)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        path = proc.stdout.readline().strip()
        assert path.startswith("/dev/") and os.path.realpath(link) == path
        scale = SerialScale(str(link)).start()
        try:
            wait_for(lambda: scale.last is not None and scale.last.grams == 0 and scale.last.stable)
            proc.stdin.write("1.5\nnot a weight\n")
            proc.stdin.flush()
            wait_for(lambda: scale.last is not None and scale.last.grams == 1500)
        finally:
            scale.stop()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "is not a weight" in err and "Traceback" not in err
    assert not link.exists()
