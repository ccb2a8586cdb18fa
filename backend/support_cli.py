"""`handoff-backend support open | out-of-service | log | token` (backend/support.py)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from backend import support


def _agent_default() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):    # no login name in a container
        return "operator"


def add_parsers(sub: Any, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = sub.add_parser("support", help="Remote support: signed commands for one kiosk, and their log.")
    commands = parser.add_subparsers(dest="support_command", required=True, metavar="COMMAND")
    opened = commands.add_parser("open", help="Open the compartment holding a parcel at a kiosk (once, minutes only).")
    oos = commands.add_parser("out-of-service", help="Take a kiosk's compartment out of service.")
    for command in (opened, oos):
        db_arg(command)
        command.add_argument("--terminal", required=True, metavar="ID", help="the kiosk's terminal id")
        command.add_argument("--reason", required=True, help="why (kept in the support log on both sides)")
        command.add_argument("--valid-min", type=int, default=5,
                             help=f"minutes the kiosk may act on it (1 to {support.MAX_VALID_MIN})")
        command.add_argument("--agent", default=None, help="who gives the command (default: your login name)")
        command.add_argument("--json", action="store_true")
    opened.add_argument("--parcel", required=True, metavar="ID", help="the parcel the door is opened for")
    oos.add_argument("--compartment", required=True, metavar="ID", help="the compartment id")
    log = commands.add_parser("log", help="The support log: commands issued, executed and refused (oldest first).")
    db_arg(log)
    log.add_argument("--terminal", default=None, metavar="ID", help="only this terminal")
    log.add_argument("--command", dest="command_id", default=None, metavar="ID", help="only this command")
    log.add_argument("--limit", type=int, default=200, help="the last N rows")
    log.add_argument("--json", action="store_true")
    token = commands.add_parser("token", help="Make a support agent's token for the /v1/support routes.")
    db_arg(token)
    token.add_argument("--name", required=True, help="the agent's name (every command names it)")
    token.add_argument("--json", action="store_true")


def run(engine: Engine, args: argparse.Namespace) -> int:
    try:
        return _run(engine, args)
    except support.SupportRefused as exc:
        print(f"handoff-backend: {exc.message}", file=sys.stderr)
        return 2


def _run(engine: Engine, args: argparse.Namespace) -> int:
    if args.support_command == "token":
        token = support.make_token(engine, args.name)
        print(json.dumps({"token": token, "agent": args.name}) if args.json else token)
        return 0
    if args.support_command == "log":
        rows = support.read_log(engine, terminal_id=args.terminal, command_id=args.command_id, limit=args.limit)
        if args.json:
            print(json.dumps(rows))
        for row in rows if not args.json else []:
            print("\t".join(str(row[k] or "-") for k in ("at", "event", "code", "kind", "terminal_id",
                                                            "compartment_id", "parcel_id", "agent", "command_id",
                                                            "reason")))
        return 0
    kind = "open" if args.support_command == "open" else "out_of_service"
    request = support.Request(kind, args.terminal, args.reason, args.agent or _agent_default(),
                              parcel_id=getattr(args, "parcel", None),
                              compartment_id=getattr(args, "compartment", None), valid_min=args.valid_min)
    command = support.issue(engine, request)
    if args.json:
        print(json.dumps(command))
    else:
        print(f"command {command['command_id']}: {kind} compartment {command['compartment_id']} at "
              f"{command['terminal_id']}, valid until {command['expires_at']}; the kiosk acts on its next sync.")
    return 0
