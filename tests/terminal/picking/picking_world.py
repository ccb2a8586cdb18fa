"""Builders for the picking tests' warehouse (importable by the ui tests too)."""

from __future__ import annotations


def add_carrier(db, code: str = "DPD", departures: tuple[str, ...] = ("16:00", "18:00"),
                weekdays: tuple[int, ...] = (0, 1, 2, 3, 4), services: str = "*", transit_days: int = 1) -> None:
    db.execute("INSERT OR IGNORE INTO carriers (code, name, transit_days) VALUES (?, ?, ?)",
               (code, code, transit_days))
    for weekday in weekdays:
        for at in departures:
            db.execute("INSERT INTO carrier_departures (carrier_code, weekday, departs_at, services)"
                       " VALUES (?, ?, ?, ?)", (code, weekday, at, services))
    db.conn.commit()
