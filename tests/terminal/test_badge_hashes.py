"""Badges on a terminal are kept only as HMAC-SHA256 under the site's badge key (terminal migration
0003 converts the plain-text rows of an older database), and looked up by the same HMAC."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.people.badges import (
    UnknownBadge,
    badge_hmac,
    badge_key,
    register_badge,
    set_badge_key,
    user_for_badge,
)
from terminal.scanning.classify import classify
from terminal.scanning.types import BadgeScan
from terminal.store import open_db
from terminal.store.db import connect
from terminal.store.migrate import _apply, _ensure_table, available_migrations
from tools.fixture import fill_small_site

OLD_BADGES = {"B-PLAIN-4410": "u-picker", "B-PLAIN-4411": "u-super", " B-PLAIN-4412": "u-packer"}


def _database_before_0003(path: Path) -> None:
    """What the previous release left on disk: every migration but 0003, badges in plain text."""
    db = connect(path)
    _ensure_table(db)
    for migration in available_migrations():
        if migration.version != 3:
            _apply(db, migration)
    with db.conn:
        db.execute("INSERT INTO users (id, name, roles) VALUES ('u-picker', 'Ala', 'picker'),"
                   " ('u-super', 'Ola', 'supervisor'), ('u-packer', 'Pat', 'packer')")
        for badge, user in OLD_BADGES.items():   # the old schema's only form: a read-only fixture of it
            db.execute("INSERT INTO badges (badge, user_id) VALUES (?, ?)", (badge.strip(), user))
    db.close()


def test_migration_0003_turns_plain_text_badges_into_hmacs_and_they_still_log_in(tmp_path: Path) -> None:
    """Defect: a terminal database kept every badge in plain text (`badges.badge`)."""
    path = tmp_path / "old.db"
    _database_before_0003(path)
    db = open_db(path)   # the new release: backup, then migrate
    try:
        key = badge_key(db)
        stored = {row[0] for row in db.execute("SELECT badge_hmac FROM badges")}
        assert stored == {badge_hmac(key, badge) for badge in OLD_BADGES}
        for badge, user in OLD_BADGES.items():
            assert user_for_badge(db, badge).id == user
        with pytest.raises(UnknownBadge, match="'B-PLAIN-9999' is not known here; ask a supervisor to register it"):
            user_for_badge(db, "B-PLAIN-9999")
        scan = classify(db, "B-PLAIN-4411")   # the scan classifier finds it too
        assert isinstance(scan, BadgeScan) and scan.user_id == "u-super"
        db.execute("VACUUM")
    finally:
        db.close()
    assert [b for b in OLD_BADGES if b.strip().encode() in path.read_bytes()] == []


def test_enrolment_with_another_badge_key_drops_rows_hashed_under_the_old_one(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db", create=True)
    fill_small_site(db)
    with db.conn:
        assert not set_badge_key(db, badge_key(db))          # the same key: nothing changes
        assert user_for_badge(db, "B-1001").id == "u-picker"
        assert set_badge_key(db, b"k" * 32)                   # rows under the old key could never match
    assert db.execute("SELECT count(*) FROM badges").fetchone()[0] == 0
    with pytest.raises(UnknownBadge):
        user_for_badge(db, "B-1001")
    db.close()


_BADGE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                 min_size=1, max_size=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    db = open_db(tmp_path_factory.mktemp("badges") / "site.db", create=True)
    fill_small_site(db)
    return db


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(badge=_BADGE, other=_BADGE, pad=st.sampled_from(["", " ", "\t", "  \n"]))
def test_any_registered_badge_logs_in_by_its_hmac_and_is_never_stored_as_itself(
        site: sqlite_utils.Database, badge: str, other: str, pad: str) -> None:
    """Property: whatever a badge says, it is stored only as its HMAC, finds its holder when scanned
    (with the wedge's stray white space), and another badge never finds them."""
    with site.conn:
        site.execute("DELETE FROM badges WHERE user_id = 'u-courier'")
        stored = register_badge(site, "X" + badge, "u-courier")
    rows = [tuple(r) for r in site.execute("SELECT badge_hmac, user_id FROM badges WHERE user_id = 'u-courier'")]
    assert rows == [(stored, "u-courier")] and "X" + badge not in stored
    assert user_for_badge(site, pad + "X" + badge + pad).id == "u-courier"
    if other.strip() != badge.strip():
        with pytest.raises(UnknownBadge):
            user_for_badge(site, "X" + other)
