"""Enrol a terminal: spend the code, keep the token and the site key in files beside the database, and
the site's badge key in it (badges are stored hashed with it: terminal/people/badges.py)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from terminal.config import Settings
from terminal.lockers.codes import key_path, save_site_key
from terminal.lockers.remote import save_support_key
from terminal.people.badges import set_badge_key
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.client import SyncClient


def enroll_terminal(db_path: Path, backend: str, code: str, *, name: str = "", settings: Settings,
                    client: SyncClient | None = None) -> dict[str, Any]:
    """Returns the identity (never the token); the token file is written with mode 0600."""
    db = open_db(db_path, create=True)
    try:
        role = settings.get("terminal.role", "station")
        name = name or socket.gethostname()
        own = client is None
        client = client or SyncClient(backend, ca_file=settings.get("sync.ca_file", ""))
        try:
            answer = client.enroll(code, name, role)
        finally:
            if own:
                client.close()
        state.save_token(state.token_path(settings, db_path), answer["token"])
        save_site_key(key_path(settings, db_path), bytes.fromhex(answer["site_key"]))
        if "badge_key" in answer:   # an older backend sends none: the terminal keeps its own
            with db.conn:
                set_badge_key(db, bytes.fromhex(answer["badge_key"]))
        if answer.get("support_key"):   # remote support commands verify against it (terminal/lockers/remote.py)
            save_support_key(db, answer["support_key"])
        state.put(db, backend_url=backend.rstrip("/"), terminal_id=answer["terminal_id"], site_id=answer["site_id"],
                  terminal_name=name, cursor="", online="1", last_error="", update_needed="")
        return {"terminal_id": answer["terminal_id"], "site_id": answer["site_id"], "backend": backend,
                "name": name}
    finally:
        db.close()


def client_for(db_path: Path, settings: Settings) -> SyncClient:
    """A client for an enrolled terminal, from sync_state and the token file."""
    db = open_db(db_path)
    try:
        # the address saved at enrollment, unless the settings move the terminal to another one
        backend = settings.get("sync.backend_url", "").strip() or state.get(db, "backend_url")
    finally:
        db.close()
    if not backend:
        from terminal.sync.client import NotEnrolled

        raise NotEnrolled("This terminal is not enrolled; run `handoff enroll --backend URL --code CODE`.")
    return SyncClient(backend, state.load_token(state.token_path(settings, db_path)),
                      ca_file=settings.get("sync.ca_file", ""), timeout_s=settings.get("sync.timeout_s", 15.0))
