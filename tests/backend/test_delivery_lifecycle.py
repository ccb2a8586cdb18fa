"""The messages of a parcel's whole life (issue 18 §1) through real channels on 127.0.0.1: an HTTP SMS
gateway (JSON and form), Polish and English, the reminder put off by an extended hold, expiry and
return, a return dropped off, the dead letter a supervisor sees, and no code in any log line."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from delivery_live import (
    COMPARTMENT,
    SITE,
    Kiosk,
    MailServer,
    ShopReceiver,
    SmsGateway,
    notification_key,
    notify_config,
    stamp,
    wait_until,
)
from sqlalchemy import select
from sync_live import LiveServer

from backend import auth, schema


def _on_site_clock(moment: datetime) -> str:
    """A deadline as the messages show it: on the locker's clock (the site's zone, Europe/Warsaw here)."""
    local = moment.astimezone(ZoneInfo("Europe/Warsaw"))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


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
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT, expires_at=stamp(deadline))
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
                   expires_at=stamp(now + timedelta(hours=48)))
        assert wait_until(lambda: len(mail.messages) == 1)
        delivery = server.app.state.delivery
        later = now + timedelta(hours=72)
        kiosk.push("ParcelHoldExtended", parcel_id=parcel, expires_at=stamp(later))
        # at the first reminder time the deadline has moved: nothing goes, the reminder is put off
        assert delivery.run_once(now + timedelta(hours=24, minutes=1)).sent == 0
        assert ("reminder", "email", "queued") in kiosk.outbox()
        assert delivery.run_once(later - timedelta(hours=24) + timedelta(minutes=1)).sent == 1
        reminder = MailServer.text_of(mail.messages[-1])
        assert "still waiting" in reminder and _on_site_clock(later) in reminder
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


def test_a_code_reissued_while_the_parcel_waits_in_the_locker_is_sent_again(store_url, tmp_path):
    mail = MailServer().start()
    server = _serve(store_url, tmp_path, mail=mail)
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-K", recipient_email="iga@example.com")
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT)
        assert wait_until(lambda: len(mail.messages) == 1)
        old, _ = mail.code_for("iga@example.com")
        auth.rotate_site_key(kiosk.engine, SITE)
        kiosk.announce("TRK-K", recipient_email="iga@example.com")        # "reissued" under the new key
        assert wait_until(lambda: len(mail.messages) == 2)
        new, _ = mail.code_for("iga@example.com")
        assert new != old
        kiosk.announce("TRK-K", recipient_email="iga@example.com")        # "existing": nothing more
        assert not wait_until(lambda: len(mail.messages) == 3, timeout=0.5)
    finally:
        server.stop()
        mail.stop()


def test_an_extension_through_the_route_tells_the_recipient_and_moves_the_reminder(store_url, tmp_path):
    mail = MailServer().start()
    server = _serve(store_url, tmp_path, mail=mail, reminder_hours=24)
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-X", recipient_email="ola@example.com", language="en")
        now = datetime.now(UTC)
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT,
                   expires_at=stamp(now + timedelta(hours=48)))
        assert wait_until(lambda: len(mail.messages) == 1)
        answer = httpx.post(f"{server.url}/v1/parcels/{parcel}/extend",
                            headers={"Authorization": f"Bearer {kiosk.token}"})
        assert answer.status_code == 200, answer.text
        deadline = datetime.fromisoformat(answer.json()["expires_at"])     # the default rules: one day more
        assert wait_until(lambda: len(mail.messages) == 2)
        told = mail.messages[1]
        assert told["Subject"] == f"Parcel TRK-X: pickup time extended to {_on_site_clock(deadline)}"
        body = MailServer.text_of(told)
        assert f"Your pickup time was extended to {_on_site_clock(deadline)}." in body
        assert "Pickup code" not in body
        o = schema.notify_outbox.c
        with kiosk.engine.connect() as conn:      # the reminder was moved now, not found stale at its old time
            (due,) = conn.execute(select(o.next_attempt_at).where(o.parcel_id == parcel, o.template == "reminder",
                                                                   o.status == "queued")).one()
        assert datetime.fromisoformat(due) == deadline - timedelta(hours=24)
        delivery = server.app.state.delivery
        assert delivery.run_once(deadline - timedelta(hours=24, minutes=1)).sent == 0
        assert delivery.run_once(deadline - timedelta(hours=23, minutes=59)).sent == 1
        assert _on_site_clock(deadline) in MailServer.text_of(mail.messages[-1])
    finally:
        server.stop()
        mail.stop()


def test_a_parcel_extended_after_it_expired_is_reminded_again_in_polish(store_url, tmp_path, sms):
    server = _serve(store_url, tmp_path, sms=sms, reminder_hours=6, sites={SITE: {"language": "pl"}})
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-E")
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT,
                   expires_at=stamp(datetime.now(UTC) + timedelta(hours=48)))
        kiosk.push("ParcelExpired", parcel_id=parcel)
        assert wait_until(lambda: len(sms.texts()) == 2)                  # the code, then "not picked up"
        assert ("reminder", "sms", "skipped") in kiosk.outbox()
        answer = httpx.post(f"{server.url}/v1/parcels/{parcel}/extend",
                            headers={"Authorization": f"Bearer {kiosk.token}"})
        assert answer.status_code == 200, answer.text
        deadline = datetime.fromisoformat(answer.json()["expires_at"])
        assert wait_until(lambda: len(sms.texts()) == 3)
        assert (f"Czas odbioru Twojej paczki został przedłużony do {_on_site_clock(deadline)}."
                in sms.texts()[2]["message"])
        assert ("reminder", "sms", "queued") in kiosk.outbox()            # a new reminder, for the new deadline
        assert server.app.state.delivery.run_once(deadline - timedelta(hours=5)).sent == 1
        assert "wciąż czeka" in sms.texts()[3]["message"]
    finally:
        server.stop()
