"""A simulated shift of picking and packing pushed to a live backend: every order the warehouse packed
or handed over has exactly one event of each kind, the shop reading GET /v1/events page by page gets
each event once and in order, and the webhook delivers the same events signed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import httpx
from delivery_live import ShopReceiver, notification_key, notify_config, wait_until
from sync_compare import server_entities
from sync_live import LiveServer, enrol

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S1"


def _all_events(server: LiveServer, token: str, limit: int) -> list[dict]:  # type: ignore[type-arg]
    events, cursor = [], 0
    while True:
        page = httpx.get(f"{server.url}/v1/events", params={"after": cursor, "limit": limit},
                         headers={"Authorization": f"Bearer {token}"}).json()
        events += page["events"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return events


def test_each_packed_and_handed_over_order_has_one_event_and_the_shop_reads_each_once(store_url, tmp_path):
    shop = ShopReceiver().start()
    server = LiveServer(store_url, notify_config=notify_config(shop=shop),
                        notification_key=notification_key(tmp_path)).start()
    try:
        path = tmp_path / "station.db"
        db = open_db(path, create=True)
        build_world(db, orders=30, seed=7)
        db.close()
        seed_from_terminal_db(server.app.state.engine, SITE, path)
        term = enrol(server, path, site=SITE)
        simulate_shift(term.db, term.path, SimConfig(pickers=2, packers=1, hours=1, seed=7, start=START))
        client = term.client()
        for _ in range(50):
            sync_once(term.db, client)
            if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
                break
        orders = server_entities(server.app.state.engine, SITE)["order"]
        packed = {k for k, o in orders.items() if o.get("status") in ("packed", "handed_over")}
        handed = {k for k, o in orders.items() if o.get("status") == "handed_over"}
        assert packed, "the shift packed nothing"
        token = auth.make_integration_token(server.app.state.engine)
        events = _all_events(server, token, limit=7)
        assert [e["cursor"] for e in events] == sorted({e["cursor"] for e in events})   # in order, none twice
        assert len({e["id"] for e in events}) == len(events)
        kinds = Counter((e["type"], e["data"]["order_id"]) for e in events if e["type"].startswith("order."))
        assert {o for (t, o) in kinds if t == "order.packed"} == packed
        assert {o for (t, o) in kinds if t == "order.handed_over"} == handed
        assert set(kinds.values()) == {1}
        # the webhook posts the same events, each verified by the shop
        assert wait_until(lambda: len(shop.events) == len(events), 30), (len(shop.events), len(events))
        assert set(shop.events) == {e["id"] for e in events} and shop.refused == 0
    finally:
        server.stop()
        shop.stop()
