"""A terminal process for crash tests: log users in and out, syncing every few ops, until killed.

Usage: python sync_terminal_loop.py DB_PATH OPS SEED — prints one line per committed op."""

from __future__ import annotations

import contextlib
import random
import sys
from pathlib import Path

from terminal.config import Settings
from terminal.ids import new_id
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync.client import SyncError
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for


def main() -> None:
    db_path, count, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rand = random.Random(seed)
    db = open_db(db_path)
    client = client_for(db_path, Settings({}))
    session = None
    for i in range(count):
        if session is None:
            session = new_id()
            apply_op(db, "UserLoggedIn", {"user_id": "U1", "role": "picker", "session_id": session, "terminal": "t"})
        else:
            apply_op(db, "UserLoggedOut", {"session_id": session})
            session = None
        print(f"op {i}", flush=True)
        if rand.random() < 0.3:
            with contextlib.suppress(SyncError):
                sync_once(db, client, batch_size=rand.choice((1, 3, 10)))
            print(f"synced {i}", flush=True)


if __name__ == "__main__":
    main()
