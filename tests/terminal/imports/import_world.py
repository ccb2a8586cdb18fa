"""A standalone site for import tests: the simulator's hall (layout L1, carrier DPD leaving 11:00 and
15:00 every day, 60 SKUs) without orders, and helpers to write files and run `handoff import`."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "stats"))
from sim_world import START, build_world  # noqa: E402

from terminal.cli import run  # noqa: E402
from terminal.clock import iso  # noqa: E402
from terminal.store import open_db  # noqa: E402

NOW = iso(START)


def make_site(path: Path) -> Path:
    db = open_db(path, create=True)
    build_world(db, orders=0, locker=None)
    db.close()
    return path


def write(path: Path, rows: list[dict[str, Any]], *, columns: list[str] | None = None) -> Path:
    """CSV (a header of `columns` or of the first row's keys) or a pretty JSON array, by the suffix."""
    if path.suffix == ".json":
        path.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
        return path
    names = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for row in rows:
            writer.writerow([row.get(name, "") for name in names])
    return path


def run_import(capsys: pytest.CaptureFixture[str], db: Path, kind: str, file: Path, *extra: str) -> tuple[int, Any]:
    """`handoff import KIND FILE --db DB --now NOW --json …`: (exit code, the JSON it printed)."""
    code = run(["import", kind, str(file), "--db", str(db), "--now", NOW, "--json", *extra])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def counts(db_path: Path) -> dict[str, int]:
    db = open_db(db_path)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("skus", "sku_barcodes", "locations", "users", "badges", "inventory", "orders",
                          "order_lines", "outbox")}
    finally:
        db.close()
