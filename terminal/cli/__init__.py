"""The `handoff` command: one parser, subcommands found in `terminal/cli/commands/`.

Each command module has `register(sub)`, adding its parsers and setting `func`. Groups that
several capabilities share (`device`, `db`, …) are made once with `group()`. A failure a person can
act on (HandoffError) prints one sentence and exits non-zero — never a traceback."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from terminal import __version__
from terminal.config import load_settings
from terminal.errors import HandoffError
from terminal.logs import setup_logging

Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"
Registrar = Callable[[Any], None]
_GROUPS: dict[tuple[int, str], Any] = {}


def group(sub: Any, name: str, help: str) -> Any:
    """The subparsers of group `name` under `sub`, created on first use."""
    key = (id(sub), name)
    if key not in _GROUPS:
        parser = sub.add_parser(name, help=help, description=help)
        _GROUPS[key] = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    return _GROUPS[key]


def discover(package: str) -> list[Registrar]:
    """The `register` functions of every module in `package`, in name order."""
    module = importlib.import_module(package)
    found = []
    for info in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
        command = importlib.import_module(f"{package}.{info.name}")
        if hasattr(command, "register"):
            found.append(command.register)
    return found


def build_parser(extra: Iterable[Registrar] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handoff", description="Handoff: pack stations, picker carts and parcel-locker kiosks."
    )
    parser.add_argument("--version", action="version", version=f"handoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _GROUPS.clear()
    for register in [*discover("terminal.cli.commands"), *extra]:
        register(sub)
    return parser


def run(argv: Sequence[str] | None = None, extra: Iterable[Registrar] = ()) -> int:
    parser = build_parser(extra)
    args = parser.parse_args(argv)
    try:
        setup_logging(load_settings())
        return int(args.func(args) or 0)
    except HandoffError as exc:
        print(f"handoff: {exc}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:
        print(f"handoff: the database cannot be used ({exc}); run `handoff db check` on it.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        sys.stderr.close()
        return 0


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv))


def print_json(value: Any) -> None:
    """The one way commands print `--json` output: UTF-8, stable key order."""
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))
