"""The emulator's technician panel changes the emulated line the driver reads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from terminal.devices.lockboard.driver import LockBoardLine
from tests.ui.lockers.conftest import FAST
from ui.lockers.emulator_panel import EmulatorPanel


def test_panel_opens_doors_puts_items_and_silences_boards(qtbot, emulator) -> None:
    panel = EmulatorPanel(emulator)
    qtbot.addWidget(panel)
    line = LockBoardLine(emulator.path, timings=FAST)
    try:
        qtbot.mouseClick(panel.doors[(1, 4)], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.items[(1, 5)], Qt.MouseButton.LeftButton)
        status = line.status(1)
        assert status.door(4).state == "open" and status.door(5).occupied is True
        assert panel.doors[(1, 4)].text() == "4: open" and panel.items[(1, 5)].text() == "item"
        panel.stuck[(0, 2)].setChecked(True)
        assert line.unlock(0, 2).outcome == "not_opened"
        panel.silent[2].setChecked(True)
        assert not line.status(2).online
        panel.garbled[0].setChecked(True)
        assert not line.status(0).online and line.counters.bad_checksum == 1
    finally:
        line.close()
        panel.timer.stop()
