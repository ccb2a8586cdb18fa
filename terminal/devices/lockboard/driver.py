"""The lock-board line driver: pyserial, 19200 8N1, boards 0–15 sharing one RS-485 line.

Rules (protocols/lockboard-cu16.md): one request in flight per line; stale input dropped before each
exchange; replies matched by board address and command, anything malformed discarded and counted;
an unlock is NEVER re-sent on our own — only one that certainly did not leave (the port would not
open) is tried once more; after an unknown outcome we only query the status. A board that does not
answer has its doors reported `unknown`."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import serial

from terminal.config import Settings
from terminal.devices.lockboard.protocol import (
    LOCKS_PER_BOARD,
    REPLY_LENGTH,
    FrameError,
    FrameParser,
    StatusReply,
    decode_status,
    status_request,
    unlock_request,
)
from terminal.errors import HandoffError
from terminal.events import Event

DoorState = Literal["closed", "open", "unknown"]
UnlockOutcome = Literal["opened", "not_opened", "unknown", "not_sent"]


class LockBoardError(HandoffError):
    """The lock-board port cannot be used."""


@dataclass(frozen=True)
class BoardConfig:
    """Per-board polarity: which hook bit value means closed, which infrared bit means occupied."""

    hook_closed_bit: int = 1
    ir_occupied_bit: int = 1
    has_infrared: bool = True


@dataclass(frozen=True)
class Timings:
    reply_timeout: float = 0.3      # seconds for a reply to a request
    open_timeout: float = 3.0       # seconds for the hook to show open after an unlock
    poll_interval: float = 0.05     # pause between status polls while waiting for a door


@dataclass(frozen=True)
class Door:
    lock: int
    state: DoorState
    occupied: bool | None           # None: no infrared sensor, or the board is silent

    @property
    def closed(self) -> bool | None:
        return None if self.state == "unknown" else self.state == "closed"


@dataclass(frozen=True)
class BoardStatus:
    board: int
    online: bool
    doors: tuple[Door, ...]

    def door(self, lock: int) -> Door:
        return self.doors[lock - 1]

    @classmethod
    def silent(cls, board: int) -> BoardStatus:
        return cls(board, False, tuple(Door(n, "unknown", None) for n in range(1, LOCKS_PER_BOARD + 1)))


@dataclass(frozen=True)
class UnlockResult:
    board: int
    lock: int
    outcome: UnlockOutcome
    status: BoardStatus | None


@dataclass
class LineCounters:
    bad_checksum: int = 0
    bad_length: int = 0
    wrong_address: int = 0
    timeouts: int = 0
    unlocks_sent: int = 0


def decode(reply: StatusReply, config: BoardConfig) -> BoardStatus:
    doors = []
    for lock in range(1, LOCKS_PER_BOARD + 1):
        closed = reply.hook_bit(lock) == config.hook_closed_bit
        occupied = reply.infrared_bit(lock) == config.ir_occupied_bit if config.has_infrared else None
        doors.append(Door(lock, "closed" if closed else "open", occupied))
    return BoardStatus(reply.board, True, tuple(doors))


SerialFactory = Callable[..., Any]


@dataclass
class LockBoardLine:
    """One serial port with up to 16 boards on it."""

    port: str
    baudrate: int = 19200
    timings: Timings = field(default_factory=Timings)
    boards: Mapping[int, BoardConfig] = field(default_factory=dict)
    serial_factory: SerialFactory = serial.Serial

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._serial: Any = None
        self._online: dict[int, bool] = {}
        self.counters = LineCounters()
        self.board_online_changed: Event[[int, bool]] = Event()
        self.unlock_written: Event[[int, int]] = Event()

    # -- port ---------------------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            self._ensure_open()

    def close(self) -> None:
        with self._lock:
            self._close_port()

    def __enter__(self) -> LockBoardLine:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_open(self) -> Any:
        if self._serial is None:
            if not self.port or (self.port.startswith("/") and not os.path.exists(self.port)):
                raise LockBoardError(
                    f"The lock-board port {self.port or '(none set)'} does not exist; "
                    "check the cable and the port setting (lockers.port)."
                )
            try:
                self._serial = self.serial_factory(
                    port=self.port, baudrate=self.baudrate, bytesize=serial.EIGHTBITS,
                    parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE, timeout=0.01, write_timeout=1.0,
                )
            except (serial.SerialException, OSError, ValueError) as exc:
                raise LockBoardError(
                    f"The lock-board port {self.port} cannot be opened ({_reason(exc)}); "
                    "check the cable and the port setting."
                ) from exc
        return self._serial

    def _close_port(self) -> None:
        if self._serial is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                self._serial.close()
            self._serial = None

    # -- exchanges ----------------------------------------------------------------------------
    def _read_reply(self, port: Any, board: int) -> StatusReply | None:
        """Read until a good status reply from `board` arrives or the reply timeout passes."""
        parser = FrameParser(REPLY_LENGTH)
        deadline = time.monotonic() + self.timings.reply_timeout
        found: StatusReply | None = None
        while found is None and time.monotonic() < deadline:
            chunk = port.read(max(1, port.in_waiting))
            for frame in parser.feed(chunk):
                try:
                    reply = decode_status(frame)
                except FrameError:
                    self.counters.bad_length += 1
                    continue
                if reply.board != board:
                    self.counters.wrong_address += 1
                    continue
                found = reply
                break
        if found is None:
            parser.flush()
            self.counters.timeouts += 1
        self.counters.bad_checksum += parser.bad_checksum
        self.counters.bad_length += parser.bad_length
        return found

    def _exchange_status(self, board: int) -> StatusReply | None:
        with self._lock:
            port = self._ensure_open()
            try:
                port.reset_input_buffer()            # stale bytes are never a reply to this request
                port.write(status_request(board))
                port.flush()
                return self._read_reply(port, board)
            except (serial.SerialException, OSError):
                self._close_port()
                return None

    def status(self, board: int) -> BoardStatus:
        """The board's doors now; all `unknown` when it does not answer."""
        reply = self._exchange_status(board)
        status = decode(reply, self.boards.get(board, BoardConfig())) if reply else BoardStatus.silent(board)
        if self._online.get(board) != status.online:
            self._online[board] = status.online
            self.board_online_changed.emit(board, status.online)
        return status

    def is_online(self, board: int) -> bool | None:
        return self._online.get(board)

    def unlock(self, board: int, lock: int) -> UnlockResult:
        """Send ONE unlock frame, then poll the status until the hook shows open or the timeout passes."""
        frame = unlock_request(board, lock)
        with self._lock:
            port = None
            for _attempt in range(2):        # only a frame that certainly never left may go again
                try:
                    port = self._ensure_open()
                    break
                except LockBoardError:
                    self._close_port()
            if port is None:
                return UnlockResult(board, lock, "not_sent", None)
            try:
                port.reset_input_buffer()
                port.write(frame)
                port.flush()
            except (serial.SerialException, OSError):
                self._close_port()          # the frame may or may not have gone: outcome unknown
            self.counters.unlocks_sent += 1
            self.unlock_written.emit(board, lock)
        return self._await_open(board, lock)

    def _await_open(self, board: int, lock: int) -> UnlockResult:
        deadline = time.monotonic() + self.timings.open_timeout
        answered: BoardStatus | None = None
        while True:
            try:
                status = self.status(board)
            except LockBoardError:
                status = BoardStatus.silent(board)
            if status.online:
                answered = status
                if status.door(lock).state == "open":
                    return UnlockResult(board, lock, "opened", status)
            if time.monotonic() >= deadline:
                break
            time.sleep(self.timings.poll_interval)
        return UnlockResult(board, lock, "not_opened" if answered else "unknown", answered)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.rstrip(".")


def line_from_settings(settings: Settings, port: str | None = None,
                       boards: Mapping[int, BoardConfig] | None = None) -> LockBoardLine:
    """A line configured from `[lockboard]` settings (defaults from the protocol page)."""
    default_config = BoardConfig(
        hook_closed_bit=settings.get("lockboard.hook_closed_bit", 1),
        ir_occupied_bit=settings.get("lockboard.ir_occupied_bit", 1),
        has_infrared=settings.get("lockboard.has_infrared", True),
    )
    count = settings.get("lockers.boards", 1)
    configs = dict(boards) if boards is not None else {n: default_config for n in range(count)}
    return LockBoardLine(
        port=port if port is not None else settings.get("lockers.port", ""),
        baudrate=settings.get("lockboard.baudrate", 19200),
        timings=Timings(
            reply_timeout=settings.get("lockboard.reply_timeout_ms", 300) / 1000,
            open_timeout=settings.get("lockboard.open_timeout_ms", 3000) / 1000,
            poll_interval=settings.get("lockboard.poll_interval_ms", 50) / 1000,
        ),
        boards=configs,
    )
