"""Writing checked rows: one op per chunk of CHUNK rows, every chunk in one transaction.

All or nothing: a refusal or a crash half way leaves the database as it was. Each op leaves the outbox
as it is written and gives back its seq: imports are the standalone site's own data and are never
pushed (terminal/imports/ops.py). Kept there, acknowledged, they would be sent after all when the site
is enrolled later (its backend asks for op 1 first and a terminal re-sends from what it asks for);
their footprints would hold back pulls. The audit log keeps who imported what instead."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock
from terminal.imports.check import Checked
from terminal.imports.ops import CHUNK
from terminal.ops import AppliedOp, apply_op
from terminal.store import transaction

IMPORT_CACHE_KIB = -65536   # SQLite's negative cache_size: KiB, so 64 MiB while an import writes

#: kind → (operation, its list argument)
OPERATIONS = {"skus": ("SkusImported", "skus"), "locations": ("LocationsImported", "locations"),
              "users": ("UsersImported", "users"), "stock": ("StockSet", "stock"),
              "orders": ("OrdersImported", "orders"), "faces": ("PickFacesSet", "faces")}


@dataclass(frozen=True)
class Imported:
    kind: str
    rows: int       # orders for orders, else rows
    ops: int


def apply_rows(db: sqlite_utils.Database, checked: Checked, *, clock: Clock | None = None,
               chunk: int = CHUNK, progress: Callable[[int], None] | None = None) -> Imported:
    """Write `checked.rows` (its bad rows are left out: the caller decides whether that is allowed)."""
    name, field = OPERATIONS[checked.kind]
    ops = 0
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # the orders table has a dozen indexes (picking, stats): with SQLite's 2 MB page cache, 50,000
    # orders spill index pages all the time; the import's own cache is freed when it is put back
    db.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        with transaction(db):
            for start in range(0, len(checked.rows), chunk):
                part = checked.rows[start:start + chunk]
                applied = apply_op(db, name, {field: part}, clock=clock)
                _keep_local(db, applied, checked.kind, len(part))
                ops += 1
                if progress:
                    progress(len(part))
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    return Imported(checked.kind, len(checked.rows), ops)


def _keep_local(db: sqlite_utils.Database, applied: AppliedOp, kind: str, rows: int) -> None:
    """Take the import's op out of the outbox and give back its seq (it took the last one, in this
    transaction), and record it in the audit log."""
    db.execute("DELETE FROM outbox_footprint WHERE op_id = ?", (applied.op_id,))
    db.execute("DELETE FROM outbox WHERE op_id = ?", (applied.op_id,))
    db.execute("UPDATE op_seq SET last_seq = last_seq - 1 WHERE id = 1 AND last_seq = ?", (applied.seq,))
    db.execute("INSERT INTO audit_log (at, user_id, action, ref_type, ref_id, details) VALUES (?, NULL, ?, 'op', ?, ?)",
               (applied.at, f"import.{kind}", applied.op_id, json.dumps({"op": applied.name, "rows": rows})))
