"""What every part of the demo shares: seeded random streams, deterministic ids and bulk inserts."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlite_utils


def stream(seed: int, part: str) -> random.Random:
    """An independent random stream per part, so more orders never change the catalogue or the lockers."""
    return random.Random(f"handoff-demo:{seed}:{part}")


def demo_id(rng: random.Random, moment: datetime) -> str:
    """A UUIDv7 like `terminal.ids.new_id()` makes, but from the demo's clock and random stream."""
    millis = int(moment.timestamp() * 1000) & ((1 << 48) - 1)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"   # str(uuid.UUID(int=value))


def insert_rows(db: sqlite_utils.Database, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Plain executemany INSERT of seed data (no ops: see generate())."""
    rows = list(rows)
    if rows:
        marks = ", ".join("?" for _ in columns)
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    return len(rows)


def gtin13(body12: str) -> str:
    """Append the GS1 mod-10 check digit to 12 digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)
