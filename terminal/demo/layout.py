"""The demo warehouse: two sites, the layout-v1 TOML of hall A, and every location in it."""

from __future__ import annotations

import sqlite_utils
import tomli_w

from terminal.catalog.layout import Layout, Location
from terminal.demo.base import insert_rows

WAREHOUSE_SITE = "WAW-1"
LOCKER_SITE = "AOB-WAW-017"
LAYOUT_ID = "WAW-1-A"
LEVELS = 4

DEMO_LAYOUT = Layout(
    name="WAW-1 hall A", aisles=12, aisle_pitch_m=3.0, blocks=1, bays_per_block=20, bay_width_m=1.2,
    cross_aisle_m=2.0, depot_aisle=1, zones={"A": (1, 6), "B": (7, 12)},
    location_format="{zone}-{aisle:02d}-{bay:02d}-{level}{side}",
)


def layout_toml() -> str:
    """The layout as the TOML document stored in `layouts.toml` (and in resources/demo/layout.toml)."""
    return tomli_w.dumps(DEMO_LAYOUT.to_toml_dict())



def insert_sites(db: sqlite_utils.Database) -> None:
    insert_rows(db, "sites", ("id", "name", "kind", "timezone", "address"), [
        (WAREHOUSE_SITE, "Magazyn Warszawa Okęcie", "warehouse", "Europe/Warsaw",
         "ul. Szyszkowa 35, 02-285 Warszawa"),
        (LOCKER_SITE, "Automat Grójecka 17", "locker", "Europe/Warsaw", "ul. Grójecka 17, 02-021 Warszawa"),
    ])
    insert_rows(db, "layouts", ("id", "site_id", "name", "toml"),
                [(LAYOUT_ID, WAREHOUSE_SITE, DEMO_LAYOUT.name, layout_toml())])


def locations_by_walk() -> list[Location]:
    """All locations, nearest to the depot first (popular SKUs are slotted there)."""
    depot = DEMO_LAYOUT.depot
    return sorted(DEMO_LAYOUT.all_locations(LEVELS),
                  key=lambda loc: (DEMO_LAYOUT.distance(depot, DEMO_LAYOUT.point(loc)), loc.level, loc.code))


def insert_locations(db: sqlite_utils.Database) -> list[Location]:
    locations = DEMO_LAYOUT.all_locations(LEVELS)
    insert_rows(db, "locations", ("code", "layout_id", "zone", "aisle", "bay", "level", "side"),
                [(loc.code, LAYOUT_ID, loc.zone, loc.aisle, loc.bay, loc.level, loc.side) for loc in locations])
    return locations
