"""Invariant 3: after quiescence a terminal's copy equals the server's for its site."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from backend import schema
from terminal.store import schema_version
from terminal.sync.protocol import ENTITIES, entities_unknown_to


def server_entities(engine: Any, site: str) -> dict[str, dict[str, dict[str, Any]]]:
    e = schema.entities.c
    with engine.connect() as conn:
        rows = conn.execute(select(e.entity, e.key, e.data).where(e.site_id == site)).all()
    out: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in ENTITIES}
    for entity, key, data in rows:
        if entity in ENTITIES:
            out[entity][key] = json.loads(data)
    return out


def server_balance_errors(entities: dict[str, dict[str, dict[str, Any]]]) -> dict[str, tuple[int, int]]:
    """{location|sku: (book qty, sum of movements)} wherever the server's stock card does not hold."""
    moved: dict[str, int] = {}
    for movement in entities["stock_movement"].values():
        key = f"{movement['location_code']}|{movement['sku_code']}"
        moved[key] = moved.get(key, 0) + int(movement["delta"])
    book = {key: int(row["qty"]) for key, row in entities["inventory"].items()}
    return {key: (book.get(key, 0), moved.get(key, 0)) for key in book.keys() | moved.keys()
            if book.get(key, 0) != moved.get(key, 0)}


def terminal_entities(db: Any, columns_of: dict[str, list[str]]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, spec in ENTITIES.items():
        cols = columns_of[name] if db[spec.table].exists() else []
        rows = db.execute(f"SELECT {', '.join(cols) if cols else '*'} FROM {spec.table}").fetchall() if cols else []
        out[name] = {spec.key_of(dict(r)): dict(r) for r in rows}
    return out


def assert_same(engine: Any, site: str, db: Any, *, ignore: tuple[str, ...] = ()) -> None:
    """`ignore`: entities not compared (say why where it is used)."""
    server = server_entities(engine, site)
    columns = {name: sorted({c for data in server[name].values() for c in data}) for name in ENTITIES}
    local = terminal_entities(db, columns)
    # a field one row of an entity lacks (an order never cancelled has no cancelled_at) is NULL on the terminal
    server = {name: {key: {c: data.get(c) for c in columns[name]} for key, data in rows.items()}
              for name, rows in server.items()}
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    for name in ENTITIES:
        if name in ignore:
            continue
        if ENTITIES[name].table not in tables:   # an older schema's terminal (N-1) is not sent these
            assert name in entities_unknown_to(schema_version(db)), f"{name}: no table on the terminal"
            continue
        if not server[name]:
            table = ENTITIES[name].table
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, f"{name}: terminal has extra rows"
            continue
        differ = {k: (local[name].get(k), v) for k, v in server[name].items() if local[name].get(k) != v}
        assert local[name] == server[name], f"{name} differs (terminal, server): {differ}"
