"""The terminal's sync bookkeeping in `sync_state` (cursor, identity, outcomes); the token lives in a file."""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from terminal.config import Settings
from terminal.errors import HandoffError
from terminal.store import transaction


def get(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def put(db: sqlite_utils.Database, **values: str) -> None:
    """Set keys; joins the caller's transaction when there is one (the cursor must commit with its page)."""
    with transaction(db):
        db.conn.executemany("INSERT INTO sync_state (key, value) VALUES (?, ?)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", list(values.items()))


def write_checkpoint(db: sqlite_utils.Database) -> int:
    return int(get(db, "write_checkpoint", "0") or 0)


def raise_checkpoint(db: sqlite_utils.Database, checkpoint: int | None) -> None:
    """Remember the highest write checkpoint a push answer gave: pulled pages stay staged until a
    pull reaches it (so they include every op of ours the backend has acknowledged). An older
    backend gives none; then only the end of a pull is a checkpoint."""
    if checkpoint is not None and checkpoint > write_checkpoint(db):
        put(db, write_checkpoint=str(checkpoint))


def token_path(settings: Settings, db_path: Path) -> Path:
    configured = settings.get("sync.token_file", "")
    return Path(configured) if configured else Path(str(db_path) + ".synctoken")


def save_token(path: Path, token: str) -> None:
    """Write the bearer token with mode 0600 beside (not inside) the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token)


def load_token(path: Path) -> str:
    if not path.exists():
        raise HandoffError(f"This terminal is not enrolled (no token at {path}); run `handoff enroll`.")
    return path.read_text(encoding="ascii").strip()
