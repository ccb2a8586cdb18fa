"""The messages of a parcel's whole life (issue 18 §1) through real channels on 127.0.0.1: an HTTP SMS
gateway (JSON and form), Polish and English, the reminder put off by an extended hold, expiry and
return, a return dropped off, the dead letter a supervisor sees, and no code in any log line."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from delivery_live import MailServer, ShopReceiver, SmsGateway, notification_key, notify_config, wait_until
from sqlalchemy import select
from sync_live import LiveServer

from backend import auth, schema
from backend.push import apply_push
from backend.seed import seed_from_terminal_db
from terminal.lockers.site import install_site
from terminal.store import open_db

SITE = "LCK-2"
COMPARTMENT = f"{SITE}-b0-l01"
PHONE = "+48 600 300 400"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


class Kiosk:
    """A kiosk-role terminal of the live backend whose locker facts are pushed as the kiosk sends them."""

    def __init__(self, server: LiveServer, tmp_path: Path) -> None:
        self.server, self.engine = server, server.app.state.engine
        master = open_db(tmp_path / "master.db", create=True)
        install_site(master, SITE, boards=1)
        master.conn.commit()
        seed_from_terminal_db(self.engine, SITE, tmp_path / "master.db")
        self.token = auth.make_integration_token(self.engine)
        code, _ = auth.make_enrollment_code(self.engine, SITE, "kiosk", kind="locker")
        self.terminal_id = auth.enroll(self.engine, code, "kiosk", "kiosk")["terminal_id"]
        self.seq = 0

    def announce(self, tracking: str, **extra: Any) -> str:
        answer = httpx.post(f"{self.server.url}/v1/parcels", headers={"Authorization": f"Bearer {self.token}"},
                            json={"site_id": SITE, "tracking_number": tracking, "recipient_phone": PHONE, **extra})
        answer.raise_for_status()
        return str(answer.json()["parcel_id"])

    def push(self, name: str, **args: Any) -> None:
        self.seq += 1
        outcome = apply_push(self.engine, self.terminal_id, SITE, [
            {"seq": self.seq, "op_id": uuid.uuid4().hex, "name": name, "args": args, "at": _stamp(datetime.now(UTC))}])
        assert outcome.status == 200 and outcome.body["results"][0]["code"] is None, outcome.body

    def outbox(self) -> list[tuple[str, str, str]]:
        o = schema.notify_outbox.c
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(o.template, o.channel, o.status).order_by(o.id))]


@pytest.fixture
def sms() -> Iterator[SmsGateway]:
    gateway = SmsGateway().start()
    yield gateway
    gateway.stop()


def _serve(store_url: str, tmp_path: Path, **config: Any) -> LiveServer:
    return LiveServer(store_url, notify_config=notify_config(**config),
                      notification_key=notification_key(tmp_path)).start()


@pytest.mark.parametrize("sms_format", ["json", "form"])
def test_an_sms_gateway_gets_the_code_in_polish_and_the_expiry_and_return_follow(store_url, tmp_path, sms,
                                                                                 sms_format, caplog):
    caplog.set_level(logging.DEBUG)
    server = _serve(store_url, tmp_path, sms=sms, sms_format=sms_format, sites={SITE: {"language": "pl"}})
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-PL")
        deadline = datetime.now(UTC) + timedelta(hours=48)
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT, expires_at=_stamp(deadline))
        assert wait_until(lambda: len(sms.texts()) == 1)
        (text,) = sms.texts()
        assert text["msisdn"] == "600300400" and text["sender"] == "Handoff"
        assert "Kod odbioru: " in text["message"] and "TRK-PL" in text["message"]
        code = text["message"].split("Kod odbioru: ")[1][:6]
        kiosk.push("ParcelExpired", parcel_id=parcel)
        assert wait_until(lambda: len(sms.texts()) == 2)
        assert "nie została odebrana" in sms.texts()[1]["message"]
        kiosk.push("ParcelCollected", parcel_id=parcel)
        assert wait_until(lambda: len(sms.texts()) == 3)
        assert "wraca do nadawcy" in sms.texts()[2]["message"]
        assert wait_until(lambda: ("returned", "sms", "sent") in kiosk.outbox())
        assert ("reminder", "sms", "skipped") in kiosk.outbox()
        with kiosk.engine.connect() as conn:   # the parcel left: its sealed contact went with it
            assert wait_until(lambda: not conn.execute(select(schema.notify_contacts)).all())
    finally:
        server.stop()
    # the secret scan: what the channels were given never reached a log line, masked or not
    assert "sms deposited to ***400 for parcel" in caplog.text      # the worker did log, masked
    for secret in (code, "600300400", "600 300 400"):
        assert secret not in caplog.text, secret


def test_the_reminder_waits_for_an_extended_deadline_and_says_the_new_one(store_url, tmp_path):
    mail = MailServer().start()
    server = _serve(store_url, tmp_path, mail=mail, reminder_hours=24)
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-R", recipient_email="ala@example.com", language="en")
        now = datetime.now(UTC)
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT,
                   expires_at=_stamp(now + timedelta(hours=48)))
        assert wait_until(lambda: len(mail.messages) == 1)
        delivery = server.app.state.delivery
        later = now + timedelta(hours=72)
        kiosk.push("ParcelHoldExtended", parcel_id=parcel, expires_at=_stamp(later))
        # at the first reminder time the deadline has moved: nothing goes, the reminder is put off
        assert delivery.run_once(now + timedelta(hours=24, minutes=1)).sent == 0
        assert ("reminder", "email", "queued") in kiosk.outbox()
        assert delivery.run_once(later - timedelta(hours=24) + timedelta(minutes=1)).sent == 1
        reminder = MailServer.text_of(mail.messages[-1])
        assert "still waiting" in reminder and later.strftime("%Y-%m-%d %H:%M UTC") in reminder
        assert "Pickup code" not in reminder
    finally:
        server.stop()
        mail.stop()


def test_a_message_never_delivered_becomes_a_supervisor_exception(store_url, tmp_path):
    mail = MailServer()          # never started: every attempt is refused
    shop = ShopReceiver().start()
    server = _serve(store_url, tmp_path, mail=mail, shop=shop)
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-D", recipient_email="ela@example.com")
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT)
        delivery = server.app.state.delivery
        moment = datetime.now(UTC)
        for hours in range(1, 6):           # max_attempts 4; backoff at most 600 s
            delivery.run_once(moment + timedelta(hours=hours))
        assert ("deposited", "email", "dead") in kiosk.outbox()
        e = schema.exceptions.c
        with kiosk.engine.connect() as conn:
            dead = conn.execute(select(e.kind, e.message, e.site_id).where(e.kind == "notification_dead")).all()
        assert len(dead) == 1 and dead[0].site_id == SITE and "tell the recipient another way" in dead[0].message
        assert wait_until(lambda: shop.types() == ["parcel.deposited"])   # the shop still heard of it
    finally:
        server.stop()
        shop.stop()


def test_a_return_dropped_off_is_confirmed_and_the_shop_hears_of_it(store_url, tmp_path):
    mail, shop = MailServer().start(), ShopReceiver().start()
    server = _serve(store_url, tmp_path, mail=mail, shop=shop)
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("RET-1", kind="return", recipient_email="jan@example.com", language="pl")
        kiosk.push("ReturnDropped", parcel_id=parcel, compartment_id=COMPARTMENT)
        assert wait_until(lambda: len(mail.messages) == 1)
        assert mail.messages[0]["Subject"] == "Zwrot RET-1 przyjęty"
        kiosk.push("ParcelCollected", parcel_id=parcel)
        assert wait_until(lambda: shop.types() == ["parcel.deposited", "parcel.returned"])
        assert [p["data"]["kind"] for p in shop.events.values()] == ["return", "return"]
    finally:
        server.stop()
        mail.stop()
        shop.stop()
