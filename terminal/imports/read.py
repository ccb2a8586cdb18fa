"""Rows of an import file with the line each starts on: CSV (a header line), JSON (an array of
objects, or {"rows": [...]}) or JSON Lines (.jsonl / .ndjson, one object per line).

A row is a dict of column → value; an empty CSV cell is left out, so the column's default applies.
Whatever cannot be read becomes a `Bad` row with its line, never an exception with a traceback."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminal.sentences import Say, say

Row = dict[str, Any]


@dataclass(frozen=True)
class Bad:
    line: int
    reason: Say


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "json" if suffix == ".json" else "csv"


def read_rows(path: Path) -> Iterator[tuple[int, Row] | Bad]:
    """(line, row) for every row of the file, in order; a `Bad` where a row cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Bad(1, say("import_unreadable", exc.strerror or exc))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:   # a spreadsheet's own code page (cp1250): say where, and what to do
        yield Bad(raw.count(b"\n", 0, exc.start) + 1, say("import_not_utf8"))
        return
    kind = file_format(path)
    if kind == "csv":
        yield from _csv_rows(text)
    elif kind == "jsonl":
        yield from _jsonl_rows(text)
    else:
        yield from _json_rows(text)


def _csv_rows(text: str) -> Iterator[tuple[int, Row] | Bad]:
    sample = text[:4096]
    try:   # a spreadsheet saved in Poland separates with semicolons
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        yield Bad(1, say("import_no_header"))
        return
    names = [h.strip() for h in header]
    start = reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            row = {name: cell.strip() for name, cell in zip(names, cells, strict=False) if cell.strip() and name}
            if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
                row["?"] = cells[len(names)]   # a cell beyond the header: reported as an unknown column
            yield start, row
        start = reader.line_num + 1


def _object(line: int, value: object) -> tuple[int, Row] | Bad:
    return (line, value) if isinstance(value, dict) else Bad(line, say("import_not_object"))


def _jsonl_rows(text: str) -> Iterator[tuple[int, Row] | Bad]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield _object(number, json.loads(line))
            except json.JSONDecodeError as exc:
                yield Bad(number, say("import_not_json", exc.msg))


def _json_rows(text: str) -> Iterator[tuple[int, Row] | Bad]:
    """An array of objects, decoded one object at a time so each keeps the line it starts on."""
    decoder = json.JSONDecoder()
    at, line = 0, 1

    def skip(chars: str) -> None:
        nonlocal at, line
        while at < len(text) and text[at] in chars:
            line += text[at] == "\n"
            at += 1

    skip(" \t\r\n")
    if text.startswith("{", at):   # {"rows": [...]}: find the array after "rows"
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Bad(exc.lineno, say("import_not_json", exc.msg))
            return
        if not isinstance(whole, dict) or not isinstance(whole.get("rows"), list):
            yield Bad(line, say("import_not_json", 'expected an array, or an object with "rows"'))
            return
        key = text.index('"rows"', at)
        line += text.count("\n", at, key)
        at = text.index("[", key)
    if not text.startswith("[", at):
        yield Bad(line, say("import_not_json", "expected an array of objects"))
        return
    at += 1
    while True:
        skip(" \t\r\n")
        if text.startswith("]", at):
            return
        try:
            value, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            yield Bad(exc.lineno, say("import_not_json", exc.msg))
            return
        yield _object(line, value)
        line += text.count("\n", at, end)
        at = end
        skip(" \t\r\n")
        if text.startswith(",", at):
            at += 1
        elif not text.startswith("]", at):
            yield Bad(line, say("import_not_json", "expected , or ] after an object"))
            return
