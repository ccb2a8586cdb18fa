"""Engines for SQLite (embedded, one process) and PostgreSQL (fleets), and numbered migrations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text

from backend import schema


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3; a bare path means a SQLite file."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    return url


def read_conn(engine: Engine) -> Connection:
    """A connection for read-only work: one consistent snapshot per transaction on both stores."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ", readonly=True)
    return conn.execution_options(readonly=True)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=8, max_overflow=8)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # SQLAlchemy emits BEGIN itself (below): every transaction takes the write lock at once,
            # so there is one writer at a time and change-log id order is commit order.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # read-only work (token checks, pulls) takes a WAL snapshot without the write lock
            readonly = conn.get_execution_options().get("readonly", False)
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=30, max_overflow=20, pool_pre_ping=True)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _m0001_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables
                                             if t.name != "backend_migrations"])


def _m0002_ops_changes_before(conn: Connection) -> None:
    # a store made by 0001 after the column was added to schema.py has it already
    if "changes_before" not in {c["name"] for c in inspect(conn).get_columns("ops")}:
        conn.execute(text("ALTER TABLE ops ADD COLUMN changes_before BIGINT"))


def _m0003_revocation_and_notifications(conn: Connection) -> None:
    """Revocable terminals, site-key versions, a notifications table without codes in it, rate limits.

    The old notifications rows held pickup codes and QR tokens in plain text: they are dropped, not kept."""
    columns = {table: {c["name"] for c in inspect(conn).get_columns(table)}
               for table in ("terminals", "sites", "external_parcels")}
    if "revoked_at" not in columns["terminals"]:
        conn.execute(text("ALTER TABLE terminals ADD COLUMN revoked_at VARCHAR(40)"))
    for table in ("sites", "external_parcels"):
        if "key_version" not in columns[table]:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1"))
    if "message" in {c["name"] for c in inspect(conn).get_columns("notifications")}:
        conn.execute(text("DROP TABLE notifications"))
        schema.notifications.create(conn)
    schema.rate_limits.create(conn, checkfirst=True)


def _m0004_badge_hashes(conn: Connection) -> None:
    """Badges were entities keyed by the badge itself, in the entities and the change log: every site
    gets a badge key and those rows are rewritten under the badge's HMAC (backend/badges.py)."""
    from backend.badges import hash_stored_badges

    if "badge_key" not in {c["name"] for c in inspect(conn).get_columns("sites")}:
        conn.execute(text("ALTER TABLE sites ADD COLUMN badge_key VARCHAR(128)"))
    hash_stored_badges(conn)


def _m0020_ops_op_id_index(conn: Connection) -> None:
    # a store made by 0001 after the index was added to schema.py has it already
    conn.execute(text("CREATE INDEX IF NOT EXISTS ops_terminal_op_id ON ops (terminal_id, op_id)"))


def _m0030_stats_projection(conn: Connection) -> None:
    """The stats projection's tables (backend/stats_projector.py); the per-host mirror folders they
    replace are a cache nothing reads any more (delete them at leisure)."""
    for table in (schema.stats_sites, schema.stats_seqs, schema.stats_parts):
        table.create(conn, checkfirst=True)     # with its indexes


def _m0040_delivery(conn: Connection) -> None:
    """The notification outbox, sealed contacts and the shop's events (backend/delivery.py)."""
    for table in (schema.notify_contacts, schema.notify_outbox, schema.shop_events):
        table.create(conn, checkfirst=True)     # with its indexes


def _m0043_fleet_health(conn: Connection) -> None:
    """Each terminal's latest heartbeat and a bounded history of them (backend/fleet_health.py)."""
    for table in (schema.terminal_health, schema.terminal_heartbeats):
        table.create(conn, checkfirst=True)     # with its indexes


def _m0046_pickup_windows(conn: Connection) -> None:
    from backend.locker_schema import locker_rules, parcel_windows

    for table in (locker_rules, parcel_windows):
        table.create(conn, checkfirst=True)


def _m0047_locker_capacity(conn: Connection) -> None:
    """Sites get a position (nearest locker with room) and announced parcels reserve a size (backend/capacity.py)."""
    from backend.locker_schema import locker_reservations

    columns = {c["name"] for c in inspect(conn).get_columns("sites")}
    for column in ("latitude", "longitude"):
        if column not in columns:
            conn.execute(text(f"ALTER TABLE sites ADD COLUMN {column} DOUBLE PRECISION"))
    locker_reservations.create(conn, checkfirst=True)


def _m0050_remote_support(conn: Connection) -> None:
    """Remote support (backend/support.py): commands, the support log and the signing key pair."""
    from backend.support import create_tables_and_key

    create_tables_and_key(conn)


def _m0060_stock_card(conn: Connection) -> None:
    """The stock card (backend/handlers/stock.py): each site's book stock before it began is its
    opening balance, under the id terminal migration 0110 gives the same rows."""
    from backend.changes import EntityStore
    from terminal.clock import iso

    e = schema.entities.c
    at = iso(datetime.now(UTC))
    sites = conn.execute(select(e.site_id).where(e.entity == "inventory").distinct()).scalars().all()
    for site_id in sites:
        store = EntityStore(conn, site_id)
        for data in store.all("inventory"):
            if int(data.get("qty") or 0):
                key = f"{data['location_code']}|{data['sku_code']}"
                store.upsert("stock_movement", {
                    "id": f"opening:{key}", "at": at, "location_code": data["location_code"],
                    "sku_code": data["sku_code"], "delta": int(data["qty"]), "kind": "opening", "reason": None,
                    "ref_type": "", "ref_id": "", "user_id": None, "lot": None, "expiry": None})
        store.flush()


# numbers: 1–19 foundation, 20–29 sync, 30–39 stats, 40–49 locker network, 50–59 support,
# 60–69 warehouse inventory:
# branches never take the same one
MIGRATIONS = [Migration(1, "initial", _m0001_initial), Migration(2, "ops_changes_before", _m0002_ops_changes_before),
              Migration(3, "revocation_and_notifications", _m0003_revocation_and_notifications),
              Migration(4, "badge_hashes", _m0004_badge_hashes),
              Migration(20, "ops_op_id_index", _m0020_ops_op_id_index),
              Migration(30, "stats_projection", _m0030_stats_projection),
              Migration(40, "delivery", _m0040_delivery),
              Migration(43, "fleet_health", _m0043_fleet_health),
              Migration(46, "pickup_windows", _m0046_pickup_windows),
              Migration(47, "locker_capacity", _m0047_locker_capacity),
              Migration(50, "remote_support", _m0050_remote_support),
              Migration(60, "stock_card", _m0060_stock_card)]
LATEST = MIGRATIONS[-1].version


def migrate(engine: Engine) -> list[int]:
    """Apply the numbered migrations not yet applied, each in its own transaction."""
    with engine.begin() as conn:
        schema.backend_migrations.create(conn, checkfirst=True)
    applied: list[int] = []
    for migration in MIGRATIONS:
        with engine.begin() as conn:
            done = {row[0] for row in conn.execute(select(schema.backend_migrations.c.version))}
            if migration.version in done:
                continue
            migration.apply(conn)
            conn.execute(insert(schema.backend_migrations).values(
                version=migration.version, name=migration.name,
                applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
            applied.append(migration.version)
    return applied


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("backend_migrations")
