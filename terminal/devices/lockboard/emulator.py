"""A CU16 line emulator on a pseudo-terminal: the same frames, doors/hooks/infrared kept as state.

Tests drive it in-process (`LockBoardEmulator` runs a thread); a technician drives the CLI one
through its line-based control socket (see `control_command`). It can be told to misbehave: no
reply, garbled reply, a reply from the wrong address, a door that does not open, a door that opens
by itself. Hook bits follow the default polarity (1 = closed), infrared 1 = something inside.

`auto_close_s` stands in for the person at the kiosk (the demo has nobody to shut a door): that long
after an unlocked door opens it closes again, and what was inside has changed hands — an empty
compartment now holds a parcel, a full one is empty — which is what every kiosk flow expects."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from dataclasses import dataclass, field

from terminal.devices.lockboard.protocol import (
    CMD_READ_PULSE,
    CMD_SET_PULSE,
    CMD_STATUS,
    CMD_UNLOCK,
    CMD_UNLOCK_ALL,
    LOCKS_PER_BOARD,
    REQUEST_LENGTH,
    FrameParser,
    decode_request,
    status_reply,
)
from terminal.devices.pty_line import PtyLine
from terminal.events import Event


@dataclass
class EmulatedBoard:
    number: int
    closed: list[bool] = field(default_factory=lambda: [True] * LOCKS_PER_BOARD)
    occupied: list[bool] = field(default_factory=lambda: [False] * LOCKS_PER_BOARD)
    stuck: set[int] = field(default_factory=set)     # locks whose door does not open on unlock
    silent: bool = False                             # answers nothing
    garbled: bool = False                            # answers with a broken checksum
    wrong_address: bool = False                      # answers as if it were another board
    pulse_ms: int = 500

    def hooks(self) -> int:
        return sum(1 << i for i, closed in enumerate(self.closed) if closed)

    def infrared(self) -> int:
        return sum(1 << i for i, occupied in enumerate(self.occupied) if occupied)


class LockBoardEmulator:
    """Boards 0..N-1 on one emulated line. Use as a context manager or call start()/stop()."""

    def __init__(self, boards: int = 1, *, open_delay: float = 0.05, link: str | None = None,
                 baud: int | None = None, auto_close_s: float | None = None) -> None:
        self.baud = baud
        self.auto_close_s = auto_close_s                                     # pace request + reply like a real line
        self.boards = {n: EmulatedBoard(n) for n in range(boards)}
        self.open_delay = open_delay
        self.link = link
        self._lock = threading.RLock()
        self._pending: list[tuple[float, int, int]] = []     # (due, board, lock) doors about to open
        self._closing: list[tuple[float, int, int]] = []     # (due, board, lock) doors the "person" shuts
        self._line = PtyLine(link)
        self.path = self._line.path
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.requests: list[bytes] = []                      # every good request frame, in order
        self.parser = FrameParser(REQUEST_LENGTH)
        self.frame_received: Event[[bytes, float]] = Event()     # frame, time.monotonic() on arrival
        self.unlock_received: Event[[int, int]] = Event()

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> LockBoardEmulator:
        self._line.publish()
        self._thread = threading.Thread(target=self._run, name="lockboard-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
        self._line.close()

    def __enter__(self) -> LockBoardEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the line ------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            timeout = 0.02
            with self._lock:
                if self._pending or self._closing:
                    due = min(p[0] for p in self._pending + self._closing)
                    timeout = max(0.0, min(timeout, due - time.monotonic()))
            try:
                ready, _, _ = select.select([self._line.master], [], [], timeout)
            except (OSError, ValueError):
                return
            self._open_due_doors()
            if not ready:
                continue
            try:
                data = os.read(self._line.master, 256)
            except OSError:
                continue
            arrived = time.monotonic()
            for frame in self.parser.feed(data):
                self.frame_received.emit(frame, arrived)
                self._handle(frame)

    def _open_due_doors(self) -> None:
        now = time.monotonic()
        with self._lock:
            due = [p for p in self._pending if p[0] <= now]
            self._pending = [p for p in self._pending if p[0] > now]
            for _, board, lock in due:
                self.boards[board].closed[lock - 1] = False
                if self.auto_close_s is not None:
                    self._closing.append((now + self.auto_close_s, board, lock))
            shut = [p for p in self._closing if p[0] <= now]
            self._closing = [p for p in self._closing if p[0] > now]
            for _, board, lock in shut:
                emulated = self.boards[board]
                emulated.occupied[lock - 1] = not emulated.occupied[lock - 1]   # the parcel changed hands
                emulated.closed[lock - 1] = True

    def _handle(self, frame: bytes) -> None:
        request = decode_request(frame)
        with self._lock:
            self.requests.append(frame)
            board = self.boards.get(request.board)
            if board is None:
                return                                  # nobody at that address: silence
            if request.command == CMD_UNLOCK:
                self.unlock_received.emit(request.board, request.lock)
                if request.lock not in board.stuck:
                    self._pending.append((time.monotonic() + self.open_delay, request.board, request.lock))
            elif request.command == CMD_UNLOCK_ALL:
                for lock in range(1, LOCKS_PER_BOARD + 1):
                    if lock not in board.stuck:
                        self._pending.append((time.monotonic() + self.open_delay, request.board, lock))
            elif request.command in (CMD_SET_PULSE, CMD_READ_PULSE):
                pass                                    # accepted; answered with a status like the rest
            elif request.command != CMD_STATUS:
                return
            if board.silent:
                return
            number = (board.number + 1) % 16 if board.wrong_address else board.number
            reply = bytearray(status_reply(number, board.hooks(), board.infrared()))
            if board.garbled:
                reply[-1] ^= 0x5A
        if self.baud:
            time.sleep((len(frame) + len(reply)) * 10 / self.baud)
        self._write(bytes(reply))

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self._line.master, data)

    def inject(self, data: bytes) -> None:
        """Put raw bytes on the line towards the host (garbage, truncated frames, …)."""
        self._write(data)

    # -- the physical world (a person, a fault) ---------------------------------------------------
    def _board(self, board: int) -> EmulatedBoard:
        return self.boards[board]

    def close_door(self, board: int, lock: int) -> None:
        with self._lock:
            self._board(board).closed[lock - 1] = True

    def open_door(self, board: int, lock: int) -> None:
        """The door opens by itself (or is forced)."""
        with self._lock:
            self._board(board).closed[lock - 1] = False

    def put_item(self, board: int, lock: int) -> None:
        with self._lock:
            self._board(board).occupied[lock - 1] = True

    def take_item(self, board: int, lock: int) -> None:
        with self._lock:
            self._board(board).occupied[lock - 1] = False

    def set_stuck(self, board: int, lock: int, stuck: bool = True) -> None:
        with self._lock:
            (self._board(board).stuck.add if stuck else self._board(board).stuck.discard)(lock)

    def set_silent(self, board: int, silent: bool = True) -> None:
        with self._lock:
            self._board(board).silent = silent

    def set_garbled(self, board: int, garbled: bool = True) -> None:
        with self._lock:
            self._board(board).garbled = garbled

    def set_wrong_address(self, board: int, wrong: bool = True) -> None:
        with self._lock:
            self._board(board).wrong_address = wrong

    def is_closed(self, board: int, lock: int) -> bool:
        with self._lock:
            return self._board(board).closed[lock - 1]

    def is_occupied(self, board: int, lock: int) -> bool:
        with self._lock:
            return self._board(board).occupied[lock - 1]

    def unlock_count(self, board: int, lock: int) -> int:
        with self._lock:
            return sum(1 for f in self.requests
                       if f[2] == CMD_UNLOCK and f[1] >> 4 == board and (f[1] & 0x0F) + 1 == lock)

    def wait_open(self, board: int, lock: int, timeout: float = 5.0) -> bool:
        """Block until the door is open (tests: the person standing in front of it sees it open)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_closed(board, lock):
                return True
            time.sleep(0.005)
        return False

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {"path": self.path, "boards": [
                {"board": b.number, "silent": b.silent, "garbled": b.garbled, "wrong_address": b.wrong_address,
                 "doors": [{"lock": n + 1, "closed": b.closed[n], "occupied": b.occupied[n],
                            "stuck": (n + 1) in b.stuck} for n in range(LOCKS_PER_BOARD)]}
                for b in self.boards.values()]}


CONTROL_HELP = ("commands: status | close B L | open B L | put B L | take B L | stuck B L on|off | "
                "silent B on|off | garble B on|off | wrongaddr B on|off | inject HEX")


def control_command(emulator: LockBoardEmulator, line: str) -> str:
    """Run one technician control line; returns the answer line (JSON for `status`)."""
    import json

    parts = line.split()
    if not parts:
        return CONTROL_HELP
    verb, rest = parts[0].lower(), parts[1:]
    try:
        if verb == "status":
            return json.dumps(emulator.snapshot())
        if verb == "inject":
            emulator.inject(bytes.fromhex("".join(rest)))
            return "ok"
        numbers = [int(p) for p in rest if p.isdigit()]
        flag = rest[-1].lower() in ("on", "1", "true", "yes") if rest else True
        actions = {
            "close": lambda: emulator.close_door(numbers[0], numbers[1]),
            "open": lambda: emulator.open_door(numbers[0], numbers[1]),
            "put": lambda: emulator.put_item(numbers[0], numbers[1]),
            "take": lambda: emulator.take_item(numbers[0], numbers[1]),
            "stuck": lambda: emulator.set_stuck(numbers[0], numbers[1], flag),
            "silent": lambda: emulator.set_silent(numbers[0], flag),
            "garble": lambda: emulator.set_garbled(numbers[0], flag),
            "wrongaddr": lambda: emulator.set_wrong_address(numbers[0], flag),
        }
        if verb not in actions:
            return f"error: unknown command {verb!r}; {CONTROL_HELP}"
        actions[verb]()
        return "ok"
    except (IndexError, KeyError, ValueError) as exc:
        return f"error: {exc or 'missing board or lock'}; {CONTROL_HELP}"


def serve_control(emulator: LockBoardEmulator, path: str, stop: threading.Event) -> threading.Thread:
    """A tiny line-based Unix socket at `path`: one command per line, one answer line back."""
    import socket

    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(4)
    server.settimeout(0.2)

    def serve() -> None:
        try:
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                with conn, conn.makefile("rw", encoding="utf-8") as stream:
                    for line in stream:
                        stream.write(control_command(emulator, line.strip()) + "\n")
                        stream.flush()
        finally:
            server.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    thread = threading.Thread(target=serve, name="lockboard-emulator-control", daemon=True)
    thread.start()
    return thread
