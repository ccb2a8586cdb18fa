"""The terminal's SQLite file: opened one way everywhere, migrated at start-up, written in transactions."""

from terminal.store.db import open_db, transaction
from terminal.store.migrate import LATEST_VERSION, migrate, schema_version

__all__ = ["LATEST_VERSION", "migrate", "open_db", "schema_version", "transaction"]
