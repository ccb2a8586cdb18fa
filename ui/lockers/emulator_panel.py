"""A small technician panel for the lock-board emulator: doors, infrared and misbehaviour by touch.

Same controls as the emulator's control socket: open/close a door, put/take an item (infrared),
make a door stick, make a board silent or garbled. `handoff device emulate-lockboard-panel`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.devices.lockboard.protocol import LOCKS_PER_BOARD


def _t(text: str) -> str:
    return QCoreApplication.translate("lockers", text)


class EmulatorPanel(QWidget):
    def __init__(self, emulator: LockBoardEmulator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.emulator = emulator
        self.setWindowTitle(QCoreApplication.translate("lockers", "Lock-board emulator"))
        root = QVBoxLayout(self)
        root.addWidget(QLabel(emulator.path, self))
        self.doors: dict[tuple[int, int], QPushButton] = {}
        self.items: dict[tuple[int, int], QPushButton] = {}
        self.stuck: dict[tuple[int, int], QCheckBox] = {}
        self.silent: dict[int, QCheckBox] = {}
        self.garbled: dict[int, QCheckBox] = {}
        for board in sorted(emulator.boards):
            box = QGroupBox(QCoreApplication.translate("lockers", "Board %1").replace("%1", str(board)), self)
            column = QVBoxLayout(box)
            flags = QHBoxLayout()
            self.silent[board] = QCheckBox(QCoreApplication.translate("lockers", "no reply"), box)
            self.garbled[board] = QCheckBox(QCoreApplication.translate("lockers", "garbled reply"), box)
            self.silent[board].toggled.connect(lambda on, b=board: emulator.set_silent(b, on))
            self.garbled[board].toggled.connect(lambda on, b=board: emulator.set_garbled(b, on))
            flags.addWidget(self.silent[board])
            flags.addWidget(self.garbled[board])
            column.addLayout(flags)
            grid = QGridLayout()
            for lock in range(1, LOCKS_PER_BOARD + 1):
                key = (board, lock)
                door = QPushButton(box)
                door.setMinimumHeight(44)
                door.clicked.connect(lambda _c=False, k=key: self.toggle_door(*k))
                item = QPushButton(box)
                item.clicked.connect(lambda _c=False, k=key: self.toggle_item(*k))
                stuck = QCheckBox(QCoreApplication.translate("lockers", "stuck"), box)
                stuck.toggled.connect(lambda on, k=key: emulator.set_stuck(k[0], k[1], on))
                self.doors[key], self.items[key], self.stuck[key] = door, item, stuck
                row, col = (lock - 1) % 8, ((lock - 1) // 8) * 3
                grid.addWidget(door, row, col)
                grid.addWidget(item, row, col + 1)
                grid.addWidget(stuck, row, col + 2)
            column.addLayout(grid)
            root.addWidget(box)
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def toggle_door(self, board: int, lock: int) -> None:
        if self.emulator.is_closed(board, lock):
            self.emulator.open_door(board, lock)  # a door that opens by itself
        else:
            self.emulator.close_door(board, lock)
        self.refresh()

    def toggle_item(self, board: int, lock: int) -> None:
        if self.emulator.is_occupied(board, lock):
            self.emulator.take_item(board, lock)
        else:
            self.emulator.put_item(board, lock)
        self.refresh()

    def refresh(self) -> None:
        for (board, lock), door in self.doors.items():
            closed = self.emulator.is_closed(board, lock)
            state = _t("closed") if closed else _t("open")
            door.setText(f"{lock}: {state}")
            door.setStyleSheet("" if closed else "background: #f4c542;")
            self.items[(board, lock)].setText(_t("item") if self.emulator.is_occupied(board, lock) else _t("empty"))
