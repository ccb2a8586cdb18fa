"""Dock-to-stock time (issue 19 §6): how long received units wait before they stand on a shelf.

dock_to_stock_median_s, dock_to_stock_p90_s
    For every receipt line put away in the window (receipt_lines.put_away_at >= start and < stop):
    put_away_at − received_at in seconds; median and p90 by nearest rank (kpis.py's rules). A line
    still on the dock at stop is not in it (it has no dock-to-stock time yet), so a past window
    reads as of its end. Pooled over sites as the union of their values, as OTST."""

from __future__ import annotations

from terminal.stats.reader import SqlDb
from terminal.stats.window import Window


def dock_to_stock_values(db: SqlDb, w: Window) -> list[float]:
    """Seconds from receipt to putaway of the lines put away in the window, sorted."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'receipt_lines'").fetchone() is None:
        return []      # a database from before migration 0112 (the stats reader does not migrate)
    cursor = db.conn.cursor()
    cursor.row_factory = None
    return [row[0] for row in cursor.execute(
        "SELECT round((julianday(put_away_at) - julianday(received_at)) * 86400.0, 3) AS s FROM receipt_lines"
        " WHERE put_away_at >= :start AND put_away_at < :stop ORDER BY s", w.params()).fetchall()]
