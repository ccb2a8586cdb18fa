"""`handoff device lock status|open` for technicians and `handoff device emulate-lockboard`.

`lock status` without `--board` asks boards 0..N-1, N being the setting `lockers.boards` (default 1).
`lock open` prints `{"lock", "opened", "state"}` where state is the door as last read
(open / closed / unknown); it exits 1 when the door did not open. A missing port is one sentence,
exit 2. The emulator prints its pseudo-terminal path on the first line of stdout and runs until
Ctrl+C or SIGTERM; `--control SOCKET` adds the technician control socket (one command per line:
`close 0 3`, `stuck 0 3 on`, `silent 1 on`, `status`, …; see emulator.CONTROL_HELP)."""

from __future__ import annotations

import argparse
from typing import Any

from terminal.cli import group, print_json
from terminal.cli.emulating import announce, stop_on_signal
from terminal.config import load_settings
from terminal.devices.lockboard.driver import BoardStatus, line_from_settings
from terminal.devices.lockboard.emulator import CONTROL_HELP, LockBoardEmulator, serve_control
from terminal.errors import HandoffError


def register(sub: Any) -> None:
    device = group(sub, "device", "Talk to the devices attached to this terminal.")
    lock = group(device, "lock", "Lock boards (CU16 family) on an RS-485 line.")

    status = lock.add_parser("status", help="Show the doors of the boards.",
                             description="Show the doors of the boards.")
    status.add_argument("--port", required=True, help="serial port of the lock-board line, e.g. /dev/ttyUSB0")
    status.add_argument("--board", type=_board, help="board number 0–15 (default: boards 0..lockers.boards-1)")
    status.add_argument("--json", action="store_true", help="print the result as JSON")
    status.set_defaults(func=_status)

    open_ = lock.add_parser("open", help="Unlock one door and report whether it opened.",
                            description="Unlock one door and report whether it opened.")
    open_.add_argument("lock", type=_lock, metavar="LOCK", help="lock number 1–16 as printed on the board")
    open_.add_argument("--port", required=True, help="serial port of the lock-board line")
    open_.add_argument("--board", type=_board, default=0, help="board number 0–15 (default 0)")
    open_.add_argument("--json", action="store_true", help="print the result as JSON")
    open_.set_defaults(func=_open)

    emulate = device.add_parser(
        "emulate-lockboard", help="Emulate CU16 lock boards on a pseudo-terminal.",
        description="Emulate CU16 lock boards on a pseudo-terminal until Ctrl+C. " + CONTROL_HELP,
    )
    emulate.add_argument("--boards", type=int, default=1, help="number of boards, 1–16 (default 1)")
    emulate.add_argument("--link", help="also make this path a symlink to the pseudo-terminal")
    emulate.add_argument("--control", help="path of a Unix control socket for the technician")
    emulate.add_argument("--open-delay-ms", type=int, default=100, help="how long a door takes to open")
    emulate.add_argument("--auto-close-s", type=float, metavar="SECONDS",
                         help="a person stands in front of the kiosk: an unlocked door closes again this many "
                              "seconds after it opened, with the parcel put in (or taken out)")
    emulate.add_argument("--occupied", type=_places, default=[], metavar="B:L,…",
                         help="compartments that hold something at the start, e.g. 0:3,1:12 (board:lock)")
    emulate.set_defaults(func=_emulate)


def _board(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 15:
        raise argparse.ArgumentTypeError("a board number is 0–15")
    return value


def _lock(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 16:
        raise argparse.ArgumentTypeError("a lock number is 1–16 as printed on the board")
    return value


def _places(text: str) -> list[tuple[int, int]]:
    places = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        board, _, lock = part.partition(":")
        try:
            places.append((_board(board), _lock(lock)))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r} is not BOARD:LOCK, e.g. 0:3") from None
    return places


def _board_json(status: BoardStatus) -> dict[str, Any]:
    return {"board": status.board, "online": status.online,
            "doors": [{"lock": d.lock, "closed": d.closed, "occupied": d.occupied} for d in status.doors]}


def _status(args: argparse.Namespace) -> int:
    settings = load_settings()
    boards = [args.board] if args.board is not None else list(range(settings.get("lockers.boards", 1)))
    with line_from_settings(settings, port=args.port) as line:
        statuses = [line.status(b) for b in boards]
    if args.json:
        print_json({"boards": [_board_json(s) for s in statuses]})
    else:
        for s in statuses:
            if not s.online:
                print(f"board {s.board}: does not answer")
                continue
            doors = " ".join(f"{d.lock}:{'C' if d.closed else 'O'}{'*' if d.occupied else ''}" for d in s.doors)
            print(f"board {s.board}: online  {doors}   (C closed, O open, * occupied)")
    return 0


def _open(args: argparse.Namespace) -> int:
    with line_from_settings(load_settings(), port=args.port) as line:
        result = line.unlock(args.board, args.lock)
    state = result.status.door(args.lock).state if result.status else "unknown"
    opened = result.outcome == "opened"
    if args.json:
        print_json({"lock": args.lock, "opened": opened, "state": state})
    else:
        print(f"board {args.board} lock {args.lock}: " + {
            "opened": "opened.", "not_opened": "did NOT open (door shows closed).",
            "unknown": "outcome unknown — the board did not answer; check it before trying again.",
            "not_sent": "not sent — the port failed.",
        }[result.outcome])
    return 0 if opened else 1


def _emulate(args: argparse.Namespace) -> int:
    if not 1 <= args.boards <= 16:
        raise HandoffError("An RS-485 line carries 1 to 16 boards; give --boards between 1 and 16.")
    stop = stop_on_signal()
    if args.auto_close_s is not None and not args.auto_close_s > 0:
        raise HandoffError(f"--auto-close-s needs a number of seconds above 0, not {args.auto_close_s}.")
    if any(board >= args.boards for board, _ in args.occupied):
        raise HandoffError(f"--occupied names a board beyond the {args.boards} emulated; "
                           f"use boards 0–{args.boards - 1}.")
    emulator = LockBoardEmulator(args.boards, open_delay=args.open_delay_ms / 1000, link=args.link,
                                 auto_close_s=args.auto_close_s)
    for board, lock in args.occupied:
        emulator.put_item(board, lock)
    with emulator:
        announce(emulator.path, args.link, f"{args.boards} board(s)")
        if args.control:
            serve_control(emulator, args.control, stop)
        while not stop.wait(0.5):
            pass
    return 0
