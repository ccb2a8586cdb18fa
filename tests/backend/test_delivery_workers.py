"""Several delivery workers on one store (several `serve` processes or hosts) send each message and
each event once: what one claims the others skip (FOR UPDATE SKIP LOCKED on PostgreSQL). And the
apprise channel, posting through apprise's json:// plugin to a real HTTP server."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from delivery_live import (
    COMPARTMENT,
    SITE,
    Kiosk,
    ShopReceiver,
    SmsGateway,
    notification_key,
    notify_config,
    wait_until,
)
from sqlalchemy import select
from sync_live import LiveServer

from backend import schema
from backend.db import make_engine
from backend.delivery import Delivery
from backend.notify_config import parse


def test_four_workers_on_one_store_send_each_message_and_event_once(store_url, tmp_path):
    sms, shop = SmsGateway().start(), ShopReceiver().start()
    config = notify_config(sms=sms, shop=shop)
    key = notification_key(tmp_path)
    server = LiveServer(store_url, notify_config=config, notification_key=key).start()
    server.app.state.delivery.stop()              # only the workers below send
    workers = [Delivery(make_engine(store_url), config, key) for _ in range(4)]
    try:
        kiosk = Kiosk(server, tmp_path)
        parcels = [kiosk.announce(f"TRK-{i}") for i in range(12)]
        for i, parcel in enumerate(parcels):
            kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=f"{SITE}-b0-l{i + 1:02d}")
        later = datetime.now(UTC) + timedelta(seconds=1)
        rounds = [threading.Thread(target=w.run_once, args=(later,)) for w in workers for _ in range(2)]
        for thread in rounds:
            thread.start()
        for thread in rounds:
            thread.join(60)
        texts = [t["message"] for t in sms.texts()]
        assert len(texts) == len(parcels) == len({t.split("TRK-")[1].split(" ")[0] for t in texts})
        assert len(shop.requests) == len(parcels) == len(shop.events)      # each event posted once
    finally:
        for worker in workers:
            worker.engine.dispose()
        server.stop()
        sms.stop()
        shop.stop()


def test_the_apprise_channel_delivers_through_an_apprise_url(store_url, tmp_path: Path, caplog):
    caplog.set_level(logging.DEBUG)
    receiver = SmsGateway().start()               # any HTTP endpoint: apprise's json:// posts to it
    host_port = receiver.url.removeprefix("http://").removesuffix("/hook")
    config = parse({"language": "en", "poll_seconds": 0.05,
                    "apprise": {"urls": [f"json://{host_port}/hook?to={{phone}}"]}})
    server = LiveServer(store_url, notify_config=config, notification_key=notification_key(tmp_path)).start()
    try:
        kiosk = Kiosk(server, tmp_path)
        parcel = kiosk.announce("TRK-A")
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT)
        assert wait_until(lambda: len(receiver.requests) == 1)
        (posted,) = receiver.texts()
        assert "Pickup code: " in posted["message"] and "TRK-A" in posted["title"]
        assert wait_until(lambda: ("deposited", "apprise", "sent") in kiosk.outbox())
        code = posted["message"].split("Pickup code: ")[1][:6]
        leaked = [r.getMessage() for r in caplog.records if code in r.getMessage()]
        assert leaked == [], leaked
        assert "apprise deposited to ***400 for parcel" in caplog.text
    finally:
        server.stop()
        receiver.stop()


def test_a_gateway_failing_k_times_gets_the_message_once_or_a_supervisor_hears_of_it(store_url, tmp_path):
    """Every k of failures in a row (0 … max_attempts + 1), each on a parcel of its own: sent exactly
    once when a try is left, else dead with one exception — never twice, never silently lost."""
    sms = SmsGateway().start()
    config = notify_config(sms=sms)          # max_attempts 4, backoff 60 s doubling to 600 s
    server = LiveServer(store_url, notify_config=config, notification_key=notification_key(tmp_path),
                        notification_retention=timedelta(0)).start()
    server.app.state.delivery.stop()
    delivery = server.app.state.delivery
    try:
        kiosk = Kiosk(server, tmp_path)
        moment = datetime.now(UTC) + timedelta(seconds=1)
        for k in range(config.retry.max_attempts + 2):
            parcel = kiosk.announce(f"TRK-F{k}")
            kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=f"{SITE}-b0-l{k + 1:02d}")
            sms.fail_next, before = k, len(sms.requests)
            for _ in range(config.retry.max_attempts + 2):
                delivery.run_once(moment)
                moment += timedelta(seconds=config.retry.max_seconds + 1)
            tries = sms.requests[before:]
            delivered = k < config.retry.max_attempts
            assert len(tries) == min(k + 1, config.retry.max_attempts), k
            with kiosk.engine.connect() as conn:
                e, o = schema.exceptions.c, schema.notify_outbox.c
                dead = conn.execute(select(e.id).where(e.kind == "notification_dead",
                                                       e.details.contains(parcel))).all()
                left = conn.execute(select(o.status).where(o.parcel_id == parcel, o.template == "deposited")).all()
            assert len(dead) == (0 if delivered else 1), k
            # sent rows go with the retention (0 here); a dead one stays for the supervisor
            assert left == ([] if delivered else [("dead",)]), k
            sms.fail_next = 0
    finally:
        server.stop()
        sms.stop()
