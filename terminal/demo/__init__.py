"""Demo data: a realistic warehouse and parcel-locker site, deterministic for a seed.

`generate(db, seed=1, orders=300)` fills a migrated, empty database. The demo is seed data, not
operations: it writes tables with plain bulk inserts in one transaction and the outbox stays empty
(nothing here happened on this terminal, so there is nothing to sync). Plain pickup codes never
enter the database; they go to `<db>.demo-codes.json` beside it for testers and onto the sheet."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from terminal.clock import iso, parse_iso
from terminal.config import Settings, load_settings
from terminal.demo.base import insert_rows, stream
from terminal.demo.carriers import CARRIERS, SITE_TZ, insert_carriers
from terminal.demo.catalog import insert_catalog
from terminal.demo.layout import LAYOUT_ID, LOCKER_SITE, WAREHOUSE_SITE, insert_locations, insert_sites
from terminal.demo.lockers import DEFAULT_PORT, LockerCodes, compartments, insert_lockers
from terminal.demo.orders import insert_orders, insert_short_pick
from terminal.demo.people import PEOPLE, TOTES, badges_by_role, insert_people
from terminal.demo.shift import ShiftStats, insert_shift, shift_order_count, shift_start
from terminal.errors import HandoffError
from terminal.lockers.codes import key_path, load_site_key
from terminal.people.badges import set_badge_key
from terminal.store import transaction

# Bumped whenever the generator's output changes, so cached demo databases (bench/fixtures.py) rebuild.
DEMO_FORMAT = 8
# Monday 23 November 2026, 10:00 in Warsaw: mid-morning, the first departures still ahead.
DEFAULT_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SITE_TZ)


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    now: str                            # ISO UTC: the moment the demo was made for
    warehouse_site_id: str
    locker_site_id: str
    layout_id: str
    locations: int
    skus: int
    orders: int
    order_lines: int
    late_orders: int                    # not handed over and past ship_by at `now`
    users: int
    badges: dict[str, list[str]]        # role -> badge codes (B-1000 holds every role)
    totes: int
    carriers: list[str]
    compartments: int
    parcels: int
    exceptions: int
    shift_picked: int                   # orders picked since the shift began (in totes or packed)
    shift_packed: int
    shift_start: str
    db_path: str | None = None
    site_key_path: str | None = None
    codes_path: str | None = None       # <db>.demo-codes.json, the plain demo codes for testers

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def codes_path_for(db_path: Path) -> Path:
    return Path(str(db_path) + ".demo-codes.json")


def _file_of(db: sqlite_utils.Database) -> Path | None:
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def generate(db: sqlite_utils.Database, *, seed: int = 1, orders: int = 300, now: datetime | None = None,
             db_path: Path | None = None, settings: Settings | None = None, shift_history: bool = True) -> DemoSummary:
    """Fill an empty, migrated database with the demo site for `seed`; the same seed gives the same rows.

    `orders` open orders; with `shift_history`, also the orders the pickers and packers finished
    since the shift began at 06:00 (about 180 an hour, at most 1,500), so shift statistics have data."""
    now = now or DEFAULT_NOW
    if now.tzinfo is None:
        raise ValueError("generate() needs a timezone-aware `now`")
    if orders < 1:
        raise HandoffError("The demo needs at least one order; use --orders 1 or more.")
    if db.execute("SELECT count(*) FROM sites").fetchone()[0]:
        raise HandoffError("This database already holds a site; make the demo in a new file or use --force.")
    db_path = db_path or _file_of(db)
    settings = settings or load_settings()
    key_file = key_path(settings, db_path) if db_path else None
    # An in-memory demo gets a throwaway key: its codes cannot be used anyway.
    key = load_site_key(key_file, create=True) if key_file else hashlib.sha256(f"demo:{seed}".encode()).digest()
    port = settings.get("lockers.port", "") or DEFAULT_PORT

    with transaction(db):
        insert_sites(db)
        insert_locations(db)
        skus = insert_catalog(db, stream(seed, "catalog"), now)
        insert_carriers(db, now)
        # from the site key, so a demo made again with the same key file has the same badge rows
        set_badge_key(db, hmac.new(key, b"demo badge key", hashlib.sha256).digest())
        insert_people(db)
        stats = insert_orders(db, stream(seed, "orders"), skus, orders, now)
        shift = ShiftStats(0, 0, iso(now))
        if shift_history and shift_order_count(now):
            # Orders of the shift so far: created before it began, picked and packed since.
            done = insert_orders(db, stream(seed, "shift-orders"), skus, shift_order_count(now),
                                 shift_start(now), first_ref=100001 + orders, late_share=0.0)
            shift = insert_shift(db, stream(seed, "shift"), done.order_ids, now)
        insert_short_pick(db, stream(seed, "exceptions"), now)
        codes = insert_lockers(db, stream(seed, "lockers"), key, now, port)
        insert_rows(db, "settings", ("key", "value"), [
            ("demo.seed", str(seed)), ("demo.now", iso(now)), ("demo.format", str(DEMO_FORMAT)),
            ("demo.orders", str(orders)), ("site.warehouse_id", WAREHOUSE_SITE),
            ("site.locker_id", LOCKER_SITE),
        ])

    codes_file = codes_path_for(db_path) if db_path else None
    if codes_file:
        _write_codes(codes_file, codes, seed, now)
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    late = db.execute("SELECT count(*) FROM orders WHERE status NOT IN ('handed_over', 'cancelled')"
                      " AND ship_by < ?", (iso(now),)).fetchone()[0]
    return DemoSummary(
        seed=seed, now=iso(now), warehouse_site_id=WAREHOUSE_SITE, locker_site_id=LOCKER_SITE,
        layout_id=LAYOUT_ID, locations=count("locations"), skus=len(skus), orders=stats.orders,
        order_lines=stats.lines,
        late_orders=late, users=len(PEOPLE), badges=badges_by_role(),
        totes=len(TOTES), carriers=[c.code for c in CARRIERS], compartments=len(compartments()),
        parcels=count("parcels"), exceptions=count("exceptions"),
        shift_picked=shift.picked, shift_packed=shift.packed, shift_start=shift.start,
        db_path=str(db_path) if db_path else None, site_key_path=str(key_file) if key_file else None,
        codes_path=str(codes_file) if codes_file else None,
    )


def _write_codes(path: Path, codes: LockerCodes, seed: int, now: datetime) -> None:
    document = {
        "note": "Plain demo codes for testers. The database keeps only their HMACs.",
        "seed": seed, "now": iso(now), "locker_site_id": LOCKER_SITE,
        "parcels": codes.parcels, "returns": codes.returns,
        "badges": {p.badge: {"name": p.name, "roles": p.roles.split(","), "zones": p.zones} for p in PEOPLE},
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_codes(db_path: Path) -> dict[str, object]:
    """The testers' codes written next to a demo database (for the sheet and for tests)."""
    path = codes_path_for(db_path)
    try:
        loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HandoffError(f"There are no demo codes at {path}; make the database with `handoff demo`.") from None
    return loaded


def demo_clock_start(db: sqlite_utils.Database) -> datetime | None:
    """Where a demo site's clock resumes: the moment it was made for, or just after the last operation
    recorded on it, so time never runs backwards between runs. None for a database that is no demo."""
    row = db.execute("SELECT value FROM settings WHERE key = 'demo.now'").fetchone()
    if row is None:
        return None
    start = parse_iso(row[0])
    last = db.execute("SELECT max(at) FROM outbox").fetchone()[0]
    if last:
        start = max(start, parse_iso(last) + timedelta(milliseconds=1))
    return start


__all__ = ["DEFAULT_NOW", "DEMO_FORMAT", "DemoSummary", "codes_path_for", "demo_clock_start", "generate",
           "read_codes"]
