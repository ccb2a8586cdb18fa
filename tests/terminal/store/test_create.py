"""A new database appears whole: made and migrated under another name, then linked into place, so
processes creating it at once all open the same sound file and nothing else is left in the folder."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.store import LATEST_VERSION, open_db, schema_version
from terminal.store.health import APPLICATION_ID


@settings(max_examples=10, deadline=None)
@given(creators=st.integers(min_value=2, max_value=6))
def test_creators_racing_for_one_path_all_get_the_same_whole_database(creators: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site" / "terminal.db"
        failures: list[BaseException] = []
        versions: list[int] = []
        start = threading.Barrier(creators)

        def create() -> None:
            try:
                start.wait()
                db = open_db(path, create=True)
                versions.append(schema_version(db))
                db.close()
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                failures.append(exc)

        threads = [threading.Thread(target=create) for _ in range(creators)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [] and versions == [LATEST_VERSION] * creators
        # no .new, no .bak; SQLite's own -wal/-shm may stay when the last two connections close at
        # the same moment (each sees the other still open, so neither removes them)
        left = sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
        assert left == ["terminal.db"]
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(
                {row[0] for row in conn.execute("SELECT version FROM schema_migrations")})
