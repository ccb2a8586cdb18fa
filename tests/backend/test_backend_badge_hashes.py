"""Issue 14 §3: no badge in plain text on the backend. Badges are stored, pulled and looked up only as
HMAC-SHA256 under the site's badge key, which terminals get at enrolment and which `rotate-site-key`
leaves alone (nobody holds the badges to hash them again)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, text
from sync_live import LiveServer, Terminal, enrol, seed_catalogue
from test_backend_revoke import _backend

from backend import schema
from backend.auth import ensure_site
from backend.badges import BadgeKeyMismatch, site_badge_key
from backend.changes import EntityStore, seed_entities
from backend.db import MIGRATIONS, make_engine, migrate
from backend.seed import seed_from_terminal_db
from terminal.people.badges import UnknownBadge, badge_hmac, register_badge, user_for_badge
from terminal.people.login import log_in_with_badge
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from tools.fixture import fill_small_site

SITE = "WH1"
PEOPLE = [{"id": "u-ala", "name": "Ala", "roles": "picker", "zones": "", "language": "pl", "active": 1},
          {"id": "u-ola", "name": "Ola", "roles": "supervisor", "zones": "", "language": "pl", "active": 1}]
BADGES = {"BADGE-ALA-7731": "u-ala", "BADGE-OLA-9902": "u-ola"}


def _backend_text(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in schema.metadata.sorted_tables
                         for row in conn.execute(select(table)))


def _register_at_backend(engine, badges: dict[str, str] = BADGES) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        seed_entities(conn, SITE, "user", PEOPLE)
        seed_entities(conn, SITE, "badge", [{"badge": b, "user_id": u, "active": 1} for b, u in badges.items()])


def _site_with_badges_and_a_terminal(server: LiveServer, path: Path) -> Terminal:
    """The site's badges registered at the backend, and a terminal enrolled and synced."""
    seed_catalogue(server.app.state.engine)
    _register_at_backend(server.app.state.engine)
    term = enrol(server, path)
    with term.client() as client:
        sync_once(term.db, client)
    return term


def test_badges_registered_at_the_backend_are_kept_and_pulled_only_as_hmacs(server: LiveServer, tmp_path: Path):
    """Defect: the badge entity was keyed by the badge and carried it in its data, in the entities
    table, the change log and every pull; terminals looked badges up by their plain text."""
    engine = server.app.state.engine
    term = _site_with_badges_and_a_terminal(server, tmp_path / "t.db")
    stored = _backend_text(engine)
    assert [b for b in BADGES if b in stored] == []
    with engine.connect() as conn:
        key = site_badge_key(conn, SITE)
        e = schema.entities.c
        keys = set(conn.execute(select(e.key).where(e.site_id == SITE, e.entity == "badge")).scalars())
    assert keys == {badge_hmac(key, b) for b in BADGES}
    assert [b for b in BADGES if b.encode() in term.path.read_bytes()] == []
    assert log_in_with_badge(term.db, " BADGE-OLA-9902 ", ("supervisor",)).user.id == "u-ola"
    with pytest.raises(UnknownBadge, match="'BADGE-NOBODY' is not known here; ask a supervisor to register it"):
        log_in_with_badge(term.db, "BADGE-NOBODY", ("supervisor",))
    term.db.close()


def test_rotating_the_site_key_keeps_every_badge_working(server: LiveServer, tmp_path: Path, capsys):
    """A badge key that changed with the locker site key would lock the whole site out: the backend
    cannot hash badges again (it has none in plain text)."""
    term = _site_with_badges_and_a_terminal(server, tmp_path / "t.db")
    term.db.close()
    _backend(capsys, "rotate-site-key", "--db", server.db_url, "--site", SITE)
    again = enrol(server, tmp_path / "t.db")       # the revoked terminal enrols again: its badges stay valid
    assert user_for_badge(again.db, "BADGE-ALA-7731").id == "u-ala"
    fresh = enrol(server, tmp_path / "fresh.db")   # a new terminal after the rotation pulls them
    with fresh.client() as client:
        sync_once(fresh.db, client)
    assert user_for_badge(fresh.db, "BADGE-ALA-7731").id == "u-ala"
    again.db.close()
    fresh.db.close()


def _store_before_badge_hashes(url: str) -> None:
    """A backend store as migrations 1–3 left it, with badges as they were kept then (plain text in the
    entity key, its data and the change log: an upsert and a delete)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        schema.backend_migrations.create(conn, checkfirst=True)
        for migration in MIGRATIONS[:3]:
            migration.apply(conn)
            conn.execute(insert(schema.backend_migrations).values(version=migration.version, name=migration.name,
                                                                  applied_at="2026-12-01T00:00:00+00:00"))
        conn.execute(text("ALTER TABLE sites DROP COLUMN badge_key"))
        conn.execute(text("INSERT INTO sites (id, name, kind, site_key, created_at, key_version)"
                          " VALUES (:id, :name, 'warehouse', :key, '2026-12-01', 1)"),
                     {"id": SITE, "name": SITE, "key": "ab" * 32})
        store = EntityStore(conn, SITE)
        for row in PEOPLE:
            store.upsert("user", row)
        for badge, user in BADGES.items():
            store.upsert("badge", {"badge": badge, "user_id": user, "active": 1}, key=badge)
        store.flush()
        conn.execute(insert(schema.changes).values(site_id=SITE, entity="badge", key="BADGE-GONE-1111", op="delete",
                                                   data=json.dumps({"badge": "BADGE-GONE-1111"})))
    engine.dispose()


def test_backend_migration_4_rewrites_plain_text_badges_of_an_older_store(store_url: str, tmp_path: Path):
    """Defect: a store from before this change keeps its badges in plain text until migrated."""
    _store_before_badge_hashes(store_url)
    with make_engine(store_url).connect() as conn:
        both = "SELECT key, data FROM entities UNION ALL SELECT key, data FROM changes"
        before = repr(conn.execute(text(both)).all())
    assert "BADGE-ALA-7731" in before and "BADGE-GONE-1111" in before
    live = LiveServer(store_url).start()   # create_app migrates
    try:
        engine = live.app.state.engine
        assert [b for b in [*BADGES, "BADGE-GONE-1111"] if b in _backend_text(engine)] == []
        term = enrol(live, tmp_path / "t.db")
        with term.client() as client:
            sync_once(term.db, client)
        assert user_for_badge(term.db, "BADGE-ALA-7731").id == "u-ala"
        assert migrate(engine) == []
        term.db.close()
    finally:
        live.stop()


def _terminal_with_badges(path: Path) -> None:
    db = open_db(path, create=True)
    fill_small_site(db)
    with db.conn:
        register_badge(db, "BADGE-EXTRA-5150", "u-picker")
    db.close()


def test_seeding_from_a_terminal_database_takes_on_its_badge_key(server: LiveServer, tmp_path: Path):
    engine = server.app.state.engine
    _terminal_with_badges(tmp_path / "source.db")
    seed_from_terminal_db(engine, SITE, tmp_path / "source.db")
    assert "BADGE-EXTRA-5150" not in _backend_text(engine)
    term = enrol(server, tmp_path / "other.db")    # another, empty database: pulls the hashes
    with term.client() as client:
        sync_once(term.db, client)
    assert user_for_badge(term.db, "BADGE-EXTRA-5150").id == "u-picker"
    term.db.close()


def test_seeding_badges_hashed_under_another_key_into_a_site_in_use_is_refused_with_a_sentence(
        server: LiveServer, tmp_path: Path, capsys):
    engine = server.app.state.engine
    seed_catalogue(engine)
    enrol(server, tmp_path / "t.db").db.close()     # the site's key is in use now
    _terminal_with_badges(tmp_path / "source.db")
    with pytest.raises(BadgeKeyMismatch, match="hashed with another key than site WH1's"):
        seed_from_terminal_db(engine, SITE, tmp_path / "source.db")
    with pytest.raises(SystemExit) as done:
        from backend import cli as backend_cli
        backend_cli.main(["seed", "--db", server.db_url, "--site", SITE, "--from-db", str(tmp_path / "source.db")])
    assert done.value.code == 2
    assert "seed them into a new site, or register the badges again" in capsys.readouterr().err
    with engine.connect() as conn:                 # nothing of the refused seed was kept
        e = schema.entities.c
        assert conn.execute(select(e.key).where(e.entity == "badge")).first() is None


@pytest.fixture(scope="module")
def bare_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    engine = make_engine(str(tmp_path_factory.mktemp("store") / "backend.db"))
    migrate(engine)
    with engine.begin() as conn:
        ensure_site(conn, SITE)
        seed_entities(conn, SITE, "user", PEOPLE)
    yield engine
    engine.dispose()


_BADGE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1,
                 max_size=24)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(badges=st.lists(_BADGE, min_size=1, max_size=4, unique_by=str.strip))
def test_whatever_badges_are_registered_no_backend_table_holds_them(bare_store, badges: list[str]) -> None:
    """Property: any badge text registered at the backend is stored (entities, change log, every other
    table) only as its HMAC under the site's badge key, which the terminal recomputes from the scan."""
    plain = [f"BADGE#{b}" for b in badges]
    with bare_store.begin() as conn:
        seed_entities(conn, SITE, "badge", [{"badge": b, "user_id": "u-ala"} for b in plain])
        key = site_badge_key(conn, SITE)
    stored = _backend_text(bare_store)
    assert [b for b in plain if b in stored or json.dumps(b) in stored] == []
    with bare_store.connect() as conn:
        e = schema.entities.c
        keys = set(conn.execute(select(e.key).where(e.site_id == SITE, e.entity == "badge")).scalars())
    assert {badge_hmac(key, f" {b} ") for b in plain} <= keys
