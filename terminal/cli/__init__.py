"""The `handoff` command: one parser, subcommands found in `terminal/cli/commands/`.

Each command module has `register(sub)`, adding its parsers and setting `func`. Groups that
several capabilities share (`device`, …) are made once with `group()`. A failure a person can
act on (HandoffError) prints one sentence and exits non-zero — never a traceback.

Start-up: a command module imports what its command needs (labels, devices, numpy…), so when the
first argument names a module (`handoff stats …` → commands/stats.py) only that module is
imported; anything else (`--help`, a shared group such as `device`) imports them all. So a
top-level command lives in the module of its own name, and no module is named like a shared group."""

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


def _module_names(package: str) -> list[str]:
    module = importlib.import_module(package)
    return sorted(info.name for info in pkgutil.iter_modules(module.__path__))


def discover(package: str, only: str | None = None) -> list[Registrar]:
    """The `register` functions of every module in `package` (or just of module `only`), in name order."""
    found = []
    for name in _module_names(package):
        if only is not None and name != only:
            continue
        command = importlib.import_module(f"{package}.{name}")
        if hasattr(command, "register"):
            found.append(command.register)
    return found


def _registrars(argv: Sequence[str], packages: Sequence[str]) -> list[Registrar]:
    """Only the module named by the first argument when there is one; every module otherwise."""
    wanted = argv[0] if argv and not argv[0].startswith("-") else None
    if wanted is not None:
        holders = [p for p in packages if wanted in _module_names(p)]
        if len(holders) == 1:
            return discover(holders[0], only=wanted)
    return [register for package in packages for register in discover(package)]


def build_parser(extra: Iterable[Registrar] = (), argv: Sequence[str] = (),
                 packages: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handoff", description="Handoff: pack stations, picker carts and parcel-locker kiosks."
    )
    parser.add_argument("--version", action="version", version=f"handoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _GROUPS.clear()
    extra = list(extra)
    # With registrars already imported by the caller there is nothing to save: import every module.
    for register in [*_registrars([] if extra else argv, ["terminal.cli.commands", *packages]), *extra]:
        register(sub)
    return parser


def run(argv: Sequence[str] | None = None, extra: Iterable[Registrar] = (), packages: Sequence[str] = ()) -> int:
    """`packages`: more command packages (the Qt commands in ui/commands), imported as lazily as ours."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra, words, packages)
    args = parser.parse_args(words)
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
