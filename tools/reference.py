"""Generate the command and settings reference inside docs/OPERATIONS.md (between markers).

`python -m tools.reference` rewrites the block; `--check` exits 1 when it is out of date. Commands
come from the real argparse tree; settings from every `settings.get("section.key", default)` call in
the code, so nothing can be added without appearing in the operations guide."""

from __future__ import annotations

import argparse
import ast
import importlib
import sys
from pathlib import Path

from terminal.cli import build_parser, discover

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "OPERATIONS.md"
BEGIN, END = "<!-- reference:begin -->", "<!-- reference:end -->"


def commands() -> list[tuple[str, str, list[str]]]:
    """(full command, help, options) for every leaf command of `handoff`."""
    parser = build_parser(discover("ui.commands"))
    found: list[tuple[str, str, list[str]]] = []

    def walk(p: argparse.ArgumentParser, prefix: str, help_text: str) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            options = []
            for action in p._actions:
                if isinstance(action, argparse._HelpAction):
                    continue
                name = ", ".join(action.option_strings) or action.dest.upper()
                if action.option_strings and action.nargs != 0:
                    name += f" {action.metavar or action.dest.upper()}"
                options.append(f"`{name}` — {action.help or ''}".rstrip(" —"))
            found.append((prefix, help_text, options))
            return
        helps = {c.dest: c.help or "" for c in subs[0]._choices_actions}
        for name, child in subs[0].choices.items():
            walk(child, f"{prefix} {name}", helps.get(name, child.description or ""))

    walk(parser, "handoff", "")
    return [c for c in found if c[0] != "handoff"]


def settings_keys() -> dict[str, str]:
    """`section.key` → default, from every settings.get call in terminal/ and ui/.

    Also `settings.section("x").get("key", default)`, and keys built with an f-string, whose variable
    parts show as `*` (`*.record_scans`, `scanning.patterns.*`), so no way of reading a setting hides it."""
    keys: dict[str, str] = {}
    for package in ("terminal", "ui", "backend"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "get" and len(node.args) == 2):
                    continue
                key = _key_text(node.args[0])
                target = node.func.value
                if (key and "." in key and _looks_like_settings(target)):
                    keys.setdefault(key, _default_text(path, node.args[1]))
                elif (key and isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute)
                      and target.func.attr == "section" and _looks_like_settings(target.func.value)
                      and target.args and isinstance(target.args[0], ast.Constant)):
                    keys.setdefault(f"{target.args[0].value}.{key}", _default_text(path, node.args[1]))
    return dict(sorted(keys.items()))


#: defaults that are not one value: what a reader of the guide needs to know instead
_DESCRIBED = {"self.records_scans": "station: True; kiosk, supervisor: False",
              "socket.gethostname()": "the machine's host name"}


def _default_text(path: Path, node: ast.expr) -> str:
    """The default as an operator reads it: the value, not the Python name that holds it.

    A name is looked up in the module that reads the setting (so `DEFAULT_IDLE_RESET_S` shows as
    `90`); a default that differs per window is described."""
    source = ast.unparse(node)
    if source in _DESCRIBED:
        return _DESCRIBED[source]
    try:
        return repr(ast.literal_eval(node))
    except ValueError:
        pass
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    try:
        return repr(eval(compile(ast.Expression(node), str(path), "eval"), vars(module)))  # noqa: S307 — our source
    except NameError:   # `p.NAME` through a local alias: the constant lives in a module already imported
        name = source.rsplit(".", 1)[-1]
        for loaded in list(sys.modules.values()):
            if getattr(loaded, "__name__", "").startswith(("terminal.", "ui.", "backend.")) and hasattr(loaded, name):
                return repr(getattr(loaded, name))
        raise


def _key_text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
    return ""


def _looks_like_settings(target: ast.expr) -> bool:
    text = ast.unparse(target)
    return text.endswith("settings") or text.endswith("settings()")


def _cell(default: str) -> str:
    return default if default in _DESCRIBED.values() else f"`{default}`"


def render() -> str:
    lines = [BEGIN, "", "### Commands", ""]
    for command, help_text, options in commands():
        lines.append(f"#### `{command}`")
        lines.append("")
        if help_text:
            lines.append(help_text)
            lines.append("")
        lines.extend(f"* {option}" for option in options)
        lines.append("")
    lines += ["### Settings", "",
              "Each key lives in the TOML file (`[section]` then `key = value`) and can be overridden with",
              "`HANDOFF_SECTION__KEY=value` in the environment.", "",
              "| setting | default |", "|---|---|"]
    lines += [f"| `{key}` | {_cell(default)} |" for key, default in settings_keys().items()]
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{DOC} has no {BEGIN} … {END} block.", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    updated = head + render() + tail
    if "--check" in sys.argv:
        if updated != text:
            print("docs/OPERATIONS.md is out of date: run `python -m tools.reference`.", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
