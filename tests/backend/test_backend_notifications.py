"""No pickup code, QR token or phone number at rest on the backend: messages are rendered when sent,
the delivery log keeps them masked, and delivered rows are purged after the retention."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select, text
from sync_live import LiveServer, seed_catalogue

from backend import auth, schema
from backend.notify import DEFAULT_RETENTION, purge_notifications


def _announce(server: LiveServer, token: str, tracking: str) -> None:
    answer = httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
                        json={"site_id": "LK1", "tracking_number": tracking, "recipient_phone": "+48 600 100 200"})
    assert answer.status_code == 200, answer.text


def _every_stored_text(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return "\n".join(str(row) for table in schema.metadata.sorted_tables
                         for row in conn.execute(select(table)))


def test_pickup_codes_qr_tokens_and_phones_are_in_no_backend_table(server):
    engine = server.app.state.engine
    seed_catalogue(engine, site="LK1")
    token = auth.make_integration_token(engine)
    _announce(server, token, "T1")
    ((phone, message),) = server.notifier.sent
    code, qr = message.split("Pickup code: ")[1][:6], message.split("QR: ")[1].strip()
    stored = _every_stored_text(engine)
    for secret in (code, qr, phone, "600100200"):
        assert secret not in stored, secret
    with engine.connect() as conn:
        logged = conn.execute(select(schema.notifications.c.recipient, schema.notifications.c.body,
                                     schema.notifications.c.template)).one()
    assert logged.template == "parcel_announced" and "T1" in logged.body and "***" in logged.body


def test_delivered_notifications_are_purged_after_the_retention(store_url, tmp_path):
    short = LiveServer(store_url, notification_retention=timedelta(0)).start()
    try:
        engine = short.app.state.engine
        seed_catalogue(engine, site="LK1")
        token = auth.make_integration_token(engine)
        _announce(short, token, "T1")
        _announce(short, token, "T2")          # the next announcement purges what is past the retention
        with engine.connect() as conn:
            bodies = conn.execute(select(schema.notifications.c.body)).scalars().all()
        assert len(bodies) == 1 and "T2" in bodies[0]
    finally:
        short.stop()
    kept = LiveServer(store_url).start()       # the default retention keeps the fresh row ...
    try:
        engine = kept.app.state.engine
        _announce(kept, auth.make_integration_token(engine), "T3")
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM notifications")).scalar_one() == 2
            # ... until the retention has passed
            from datetime import UTC, datetime

            later = datetime.now(UTC) + DEFAULT_RETENTION + timedelta(seconds=1)
            assert purge_notifications(conn, DEFAULT_RETENTION, now=later) == 2
            assert conn.execute(text("SELECT count(*) FROM notifications")).scalar_one() == 0
    finally:
        kept.stop()


def test_migration_drops_the_plaintext_notifications_of_an_older_store(store_url):
    from backend.db import make_engine, migrate

    engine = make_engine(store_url)
    migrate(engine)
    with engine.begin() as conn:   # the table as migrations 1-2 made it, with a code in it
        conn.execute(text("DROP TABLE notifications"))
        conn.execute(text("CREATE TABLE notifications (id INTEGER PRIMARY KEY, site_id VARCHAR(64) NOT NULL, "
                          "channel VARCHAR(16) NOT NULL, recipient TEXT NOT NULL, message TEXT NOT NULL, "
                          "created_at VARCHAR(40) NOT NULL)"))
        conn.execute(text("INSERT INTO notifications VALUES (1, 'LK1', 'sms', '600100200', "
                          "'Pickup code: 123456. QR: tok', '2026-01-01')"))
        conn.execute(text("DELETE FROM backend_migrations WHERE version = 3"))
    assert migrate(engine) == [3]
    assert "123456" not in _every_stored_text(engine) and "600100200" not in _every_stored_text(engine)
    engine.dispose()
