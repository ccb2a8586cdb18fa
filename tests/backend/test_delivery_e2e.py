"""Issue 18 §1 and §6 end to end on 127.0.0.1: the marketplace announces a parcel, a courier deposits it
at a real kiosk (lock boards emulated on a pseudo-terminal), the recipient's e-mail arrives at a real
SMTP server with the code that then opens the door, and the shop's endpoint verifies the signature of
every event — also with the SMTP server down for a while and with a delivery the shop sees twice."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from delivery_live import MailServer, ShopReceiver, notification_key, notify_config, wait_until
from sqlalchemy import select
from sync_live import LiveServer

from backend import auth, schema
from backend.seed import seed_from_terminal_db
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers import codes
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.pickup import pickup_by_code
from terminal.lockers.site import install_site
from terminal.store import open_db, schema_version
from terminal.sync import state
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for, enroll_terminal
from terminal.sync.state import load_token

SITE = "LCK-1"
PHONE = "600100200"
EMAIL = "ola@example.com"


class Locker:
    """A site with one kiosk enrolled at the live backend, its boards emulated."""

    def __init__(self, server: LiveServer, tmp_path: Path) -> None:
        self.server, self.engine = server, server.app.state.engine
        master = open_db(tmp_path / "master.db", create=True)
        install_site(master, SITE, boards=1)
        master.execute("INSERT INTO users (id, name, roles) VALUES ('courier-1', 'Kurier', 'courier')")
        master.conn.commit()
        seed_from_terminal_db(self.engine, SITE, tmp_path / "master.db")
        self.token = auth.make_integration_token(self.engine)
        code, _ = auth.make_enrollment_code(self.engine, SITE, "kiosk", kind="locker")
        self.path = tmp_path / "kiosk.db"
        enroll_terminal(self.path, server.url, code, settings=Settings({}))
        self.db = open_db(self.path)
        self.key = codes.load_site_key(tmp_path / "kiosk.db.sitekey")

    def announce(self, tracking: str, **extra: str) -> None:
        httpx.post(f"{self.server.url}/v1/parcels", headers={"Authorization": f"Bearer {self.token}"},
                   json={"site_id": SITE, "tracking_number": tracking, "recipient_phone": PHONE,
                         "recipient_email": EMAIL, "size_class": "A", **extra}).raise_for_status()

    def sync(self) -> None:
        with client_for(self.path, Settings({})) as client:
            sync_once(self.db, client)

    @contextmanager
    def kiosk(self) -> Iterator[tuple[LockerKiosk, LockBoardEmulator]]:
        with LockBoardEmulator(1, open_delay=0.01) as emulator:
            line = LockBoardLine(emulator.path, timings=Timings(reply_timeout=0.15, open_timeout=0.6,
                                                                poll_interval=0.01))
            kiosk = LockerKiosk(self.db, line, settings=Settings(), key=self.key, site_id=SITE,
                                timings=DoorTimings(reminder_s=30.0, alarm_s=60.0, poll_s=0.01, give_up_s=20.0))
            try:
                yield kiosk, emulator
            finally:
                kiosk.stop()
                line.close()


def _person(emulator: LockBoardEmulator, action: str):  # type: ignore[no-untyped-def]
    def act(opening) -> None:  # type: ignore[no-untyped-def]
        comp = opening.compartment
        assert emulator.wait_open(comp.board_no, comp.lock_no)
        getattr(emulator, action)(comp.board_no, comp.lock_no)
        emulator.close_door(comp.board_no, comp.lock_no)
    return act


def _deposit(locker: Locker, tracking: str) -> None:
    with locker.kiosk() as (kiosk, emulator):
        kiosk.doors.opened.connect(_person(emulator, "put_item"))
        placed = deposit(kiosk, "courier-1", tracking)
        assert placed.ok, placed.message
    locker.sync()


def _pick_up(locker: Locker, code: str) -> None:
    with locker.kiosk() as (kiosk, emulator):
        kiosk.doors.opened.connect(_person(emulator, "take_item"))
        taken = pickup_by_code(kiosk, PHONE, code)
        assert taken.ok, taken.message
    locker.sync()


@pytest.fixture
def receivers() -> Iterator[tuple[MailServer, ShopReceiver]]:
    mail, shop = MailServer().start(), ShopReceiver().start()
    yield mail, shop
    mail.stop()
    shop.stop()


@pytest.fixture
def delivering(store_url, tmp_path, receivers) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    mail, shop = receivers
    server = LiveServer(store_url, notify_config=notify_config(mail, shop),
                        notification_key=notification_key(tmp_path)).start()
    yield server
    server.stop()


def _stored_text(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return "\n".join(str(row) for table in schema.metadata.sorted_tables for row in conn.execute(select(table)))


def test_the_code_in_the_delivered_email_opens_the_door_and_the_shop_verifies_every_event(
        delivering, receivers, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    mail, shop = receivers
    locker = Locker(delivering, tmp_path)
    locker.announce("TRK-1")
    locker.sync()
    assert mail.messages == []                     # the code goes when the parcel is in the locker
    _deposit(locker, "TRK-1")
    assert wait_until(lambda: mail.to(EMAIL)), "no e-mail arrived"
    (message,) = mail.to(EMAIL)
    assert "TRK-1" in message["Subject"] and "Pick it up by 20" in MailServer.text_of(message)
    assert any(part.get_content_type() == "image/png" for part in message.walk())   # the QR code
    code, token = mail.code_for(EMAIL)
    _pick_up(locker, code)
    assert wait_until(lambda: {"parcel.deposited", "parcel.picked_up"} <= set(shop.types())), shop.types()
    assert shop.refused == 0 and len(shop.requests) == len(shop.events) == 2
    for headers, _ in shop.requests:
        assert headers["webhook-id"].startswith("evt_") and headers["webhook-signature"].startswith("v1,")
    picked = next(p for p in shop.events.values() if p["type"] == "parcel.picked_up")
    assert picked["data"]["tracking_number"] == "TRK-1" and picked["data"]["status"] == "picked_up"
    # the shop reconciles: the same events, with the same ids, in order
    answer = httpx.get(f"{delivering.url}/v1/events", params={"after": 0},
                       headers={"Authorization": f"Bearer {locker.token}"}).json()
    assert [e["id"] for e in answer["events"]] == list(shop.events)
    assert [e["type"] for e in answer["events"]] == ["parcel.deposited", "parcel.picked_up"]
    again = httpx.get(f"{delivering.url}/v1/events", params={"after": answer["cursor"]},
                      headers={"Authorization": f"Bearer {locker.token}"}).json()
    assert again["events"] == [] and again["has_more"] is False
    # nothing of the code, the token, the phone or the address is left at rest
    engine = delivering.app.state.engine
    stored = _stored_text(engine)
    # every log line but the receiving SMTP server's own (aiosmtpd's "mail.log" prints what it reads)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    for secret in (code, token, EMAIL, PHONE):
        assert secret not in stored, secret
        assert secret not in logged, secret          # the SMTP body never reached a log line
    assert "email deposited to o***@example.com for parcel" in logged
    with engine.connect() as conn:
        assert conn.execute(select(schema.notify_contacts)).all() == []
        statuses = conn.execute(select(schema.notify_outbox.c.template, schema.notify_outbox.c.status)).all()
    assert ("deposited", "sent") in statuses and ("reminder", "skipped") in statuses


def test_smtp_down_for_a_while_retries_and_nothing_is_lost(delivering, receivers, tmp_path):
    mail, shop = receivers
    locker = Locker(delivering, tmp_path)
    delivery = delivering.app.state.delivery
    mail.stop()
    locker.announce("TRK-2")
    locker.sync()
    _deposit(locker, "TRK-2")
    engine = delivering.app.state.engine
    o = schema.notify_outbox.c

    def deposited_row():  # type: ignore[no-untyped-def]
        with engine.connect() as conn:
            return conn.execute(select(o.status, o.attempts, o.next_attempt_at, o.last_error)
                                .where(o.template == "deposited")).one()

    assert wait_until(lambda: deposited_row().status == "retrying"), deposited_row()
    row = deposited_row()
    assert row.attempts == 1 and "SMTP" in row.last_error and mail.messages == []
    # the second attempt waits out the backoff (60 s, then 120 s): a round before then sends nothing
    now = datetime.now(UTC)
    assert delivery.run_once(now + timedelta(seconds=30)).sent == 0
    assert delivery.run_once(now + timedelta(seconds=61)).failed == 1
    assert deposited_row().attempts == 2
    mail.start()                                             # the server is back
    assert delivery.run_once(now + timedelta(seconds=200)).sent == 1
    assert deposited_row().status == "sent"
    code, _ = mail.code_for(EMAIL)
    _pick_up(locker, code)                                   # the late message still opens the door
    assert wait_until(lambda: "parcel.picked_up" in shop.types())
    assert len(mail.to(EMAIL)) == 1                          # sent once, not once per attempt


def test_a_delivery_the_shop_sees_twice_is_one_event_and_a_repeated_push_adds_none(delivering, receivers,
                                                                                   tmp_path):
    mail, shop = receivers
    locker = Locker(delivering, tmp_path)
    shop.fail_next = 1       # the shop takes the first event but answers 500: the worker posts it again
    locker.announce("TRK-3")
    locker.sync()
    _deposit(locker, "TRK-3")
    delivery = delivering.app.state.delivery
    assert wait_until(lambda: len(shop.requests) == 1)
    assert delivery.run_once(datetime.now(UTC) + timedelta(seconds=61)).events_sent == 1
    (first, _), (second, _) = shop.requests
    assert first["webhook-id"] == second["webhook-id"]       # the same event id, the shop keeps it once
    assert shop.types() == ["parcel.deposited"] and shop.refused == 0
    # the kiosk pushes the same ops again (its answer was lost): no second event, no second e-mail
    engine = delivering.app.state.engine
    with engine.connect() as conn:
        pushed = conn.execute(select(schema.ops.c.seq, schema.ops.c.op_id, schema.ops.c.name, schema.ops.c.args,
                                     schema.ops.c.at).order_by(schema.ops.c.seq)).all()
    body = {"protocol": 1, "terminal_id": state.get(locker.db, "terminal_id"),
            "schema_version": schema_version(locker.db), "app_version": "x",
            "ops": [{"seq": r.seq, "op_id": r.op_id, "name": r.name, "args": json.loads(r.args), "at": r.at}
                    for r in pushed]}
    token = load_token(locker.path.parent / "kiosk.db.synctoken")
    answer = httpx.post(f"{delivering.url}/v1/push", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and {r["status"] for r in answer.json()["results"]} == {"duplicate"}
    assert delivery.run_once(datetime.now(UTC) + timedelta(seconds=600)).sent == 0
    with engine.connect() as conn:
        assert conn.execute(select(schema.shop_events.c.type)).scalars().all() == ["parcel.deposited"]
    assert wait_until(lambda: len(mail.to(EMAIL)) == 1) and len(mail.to(EMAIL)) == 1
