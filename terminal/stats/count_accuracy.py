"""Inventory record accuracy (issue 19 §6; docs/KPIS definition): of the cycle counts booked in the
window, the share whose count matched the books — counts with no difference ÷ counts.

As of the window's end: only counts booked before `stop` are read, and a count's difference is the one
it was booked with (stock_counts.difference), so a later count never changes a past window."""

from __future__ import annotations

from terminal.stats.reader import SqlDb
from terminal.stats.window import Window


def count_accuracy_counts(db: SqlDb, w: Window) -> tuple[int, int]:
    """(counts without a difference, counts) booked in [start, stop)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stock_counts'").fetchone() is None:
        return 0, 0      # a database from before cycle counts (schema 0111)
    row = db.execute("SELECT coalesce(sum(difference = 0), 0), count(*) FROM stock_counts"
                     " WHERE at >= :start AND at < :stop", w.params()).fetchone()
    return int(row[0]), int(row[1])
