"""Integration endpoints, and invariant 5 across two kiosks that deposit into one compartment offline."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sync_compare import assert_same
from sync_live import enrol

from backend import auth, schema
from backend.changes import seed_entities
from terminal.lockers import codes
from terminal.ops import apply_op
from terminal.sync.cycle import sync_once

LOCKER = "LK1"


def _seed_locker(engine) -> None:
    with engine.begin() as conn:
        auth.ensure_site(conn, LOCKER, kind="locker")
        seed_entities(conn, LOCKER, "lock_board", [{"id": "B0", "site_id": LOCKER, "board_no": 0, "port": "",
                                                     "hook_closed_bit": 1, "ir_occupied_bit": 1, "has_infrared": 1}])
        seed_entities(conn, LOCKER, "compartment", [
            {"id": f"C{i}", "site_id": LOCKER, "board_id": "B0", "lock_no": i, "size_class": "A", "column_no": 1,
             "row_no": i, "state": "FREE", "door": "closed", "fault_reason": None}
            for i in range(1, 7)])   # one for each parcel a test announces: announcing reserves one


def _announce(server, token: str, tracking: str, phone: str) -> str:
    answer = httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
                        json={"site_id": LOCKER, "tracking_number": tracking, "recipient_phone": phone})
    assert answer.status_code == 200, answer.text
    return answer.json()["parcel_id"]


def test_parcels_carry_hmacs_the_kiosk_can_check_and_the_code_goes_to_the_notifier(server, tmp_path):
    engine = server.app.state.engine
    _seed_locker(engine)
    token = auth.make_integration_token(engine)
    parcel_id = _announce(server, token, "TRK1", "+48 600 100 200")
    assert _announce(server, token, "TRK1", "+48 600 100 200") == parcel_id     # idempotent
    kiosk = enrol(server, tmp_path / "k.db", site=LOCKER, role="kiosk")
    with kiosk.client() as client:
        sync_once(kiosk.db, client)
    ((_, message),) = server.notifier.sent
    code = message.split("Pickup code: ")[1][:6]
    qr = message.split("QR: ")[1].strip()
    row = kiosk.db.execute("SELECT code_hmac, qr_hmac, phone_last4 FROM parcels WHERE id = ?", (parcel_id,)).fetchone()
    key = codes.load_site_key(tmp_path / "k.db.sitekey")
    assert codes.matches(row[0], codes.code_hmac(key, "600100200", code))
    assert codes.matches(row[1], codes.token_hmac(key, qr))
    assert row[2] == "0200"
    assert code not in str(dict(kiosk.db.execute("SELECT * FROM parcels").fetchone()))


def test_two_kiosks_one_compartment_gets_one_parcel_and_a_supervisor_exception(server, tmp_path):
    engine = server.app.state.engine
    _seed_locker(engine)
    token = auth.make_integration_token(engine)
    first = _announce(server, token, "TRK1", "600100200")
    second = _announce(server, token, "TRK2", "600100300")
    k1 = enrol(server, tmp_path / "k1.db", site=LOCKER, role="kiosk")
    k2 = enrol(server, tmp_path / "k2.db", site=LOCKER, role="kiosk")
    for kiosk in (k1, k2):
        with kiosk.client() as client:
            sync_once(kiosk.db, client)
    # both offline: each puts a parcel in C1 (facts from the physical world)
    apply_op(k1.db, "SyncTestDeposited", {"parcel_id": first, "compartment_id": "C1"})
    apply_op(k2.db, "SyncTestDeposited", {"parcel_id": second, "compartment_id": "C1"})
    for kiosk in (k1, k2, k1):
        with kiosk.client() as client:
            sync_once(kiosk.db, client)
    with engine.connect() as conn:
        ops = conn.execute(select(schema.ops.c.status, schema.ops.c.code)).all()
        kinds = conn.execute(select(schema.exceptions.c.kind)).scalars().all()
    assert sorted((s, c or "") for s, c in ops) == [("applied", ""), ("applied", "compartment_occupied")]
    assert kinds == ["conflict"]
    for kiosk in (k1, k2):
        held = kiosk.db.execute("SELECT compartment_id, count(*) FROM parcels WHERE compartment_id IS NOT NULL"
                                " GROUP BY compartment_id").fetchall()
        assert [tuple(r) for r in held] == [("C1", 1)]
        assert kiosk.db.execute("SELECT count(*) FROM exceptions WHERE kind = 'sync_rejection'").fetchone()[0] == 0
        assert_same(engine, LOCKER, kiosk.db)


def test_orders_are_idempotent_by_external_id_and_can_be_cancelled(terminal, server):
    engine = server.app.state.engine
    with engine.begin() as conn:
        seed_entities(conn, "WH1", "carrier", [{"code": "DPD", "name": "DPD", "tracking_prefix": "",
                                                "gs1_company_prefix": "590000000", "transit_days": 1}])
    headers = {"Authorization": f"Bearer {auth.make_integration_token(engine)}"}
    order = {"external_id": "M-1", "site_id": "WH1", "carrier_code": "DPD", "service": "NEXT_DAY",
             "recipient": {"name": "Jan", "phone": "600100200"}, "lines": [{"sku_code": "SKU1", "qty": 2}]}
    first = httpx.post(f"{server.url}/v1/orders", json=order, headers=headers).json()
    again = httpx.post(f"{server.url}/v1/orders", json=order, headers=headers).json()
    assert first["result"] == "created" and again == {**first, "result": "unchanged"}
    changed = httpx.post(f"{server.url}/v1/orders", json={**order, "lines": [{"sku_code": "SKU2", "qty": 1}]},
                         headers=headers).json()
    assert changed["result"] == "updated" and changed["order_id"] == first["order_id"]
    unknown = httpx.post(f"{server.url}/v1/orders", json={**order, "external_id": "M-2", "lines": [
        {"sku_code": "NOPE", "qty": 1}]}, headers=headers)
    assert unknown.status_code == 422 and "NOPE" in unknown.json()["message"]
    with terminal.client() as client:
        sync_once(terminal.db, client)
    lines = terminal.db.execute("SELECT sku_code, qty FROM order_lines").fetchall()
    assert [tuple(r) for r in lines] == [("SKU2", 1)]
    cancelled = httpx.post(f"{server.url}/v1/orders", json={**order, "cancelled": True}, headers=headers).json()
    assert cancelled["result"] == "cancelled"
    with terminal.client() as client:
        sync_once(terminal.db, client)
    assert terminal.db.execute("SELECT status FROM orders").fetchone()[0] == "cancelled"
    assert_same(engine, "WH1", terminal.db)


def test_concurrent_deposits_into_one_compartment_fill_it_once(server, tmp_path):
    """Many kiosks push their conflicting facts at the same moment: the server still fills C1 once."""
    import threading

    engine = server.app.state.engine
    _seed_locker(engine)
    token = auth.make_integration_token(engine)
    kiosks, parcels = [], []
    for i in range(6):
        parcels.append(_announce(server, token, f"TRK{i}", f"60010020{i}"))
        kiosks.append(enrol(server, tmp_path / f"k{i}.db", site=LOCKER, role="kiosk"))
    for kiosk in kiosks:
        with kiosk.client() as client:
            sync_once(kiosk.db, client)
    for kiosk, parcel in zip(kiosks, parcels, strict=True):
        apply_op(kiosk.db, "SyncTestDeposited", {"parcel_id": parcel, "compartment_id": "C1"})
    start = threading.Barrier(len(kiosks))

    def push(kiosk) -> None:
        from terminal.sync.cycle import push_all
        from terminal.sync.state import get

        with kiosk.client() as client:
            start.wait()
            push_all(kiosk.db, client, get(kiosk.db, "terminal_id"))

    threads = [threading.Thread(target=push, args=(k,)) for k in kiosks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    import json

    e = schema.entities.c
    with engine.connect() as conn:
        rows = [json.loads(d) for d in conn.execute(select(e.data).where(e.entity == "parcel")).scalars()]
        conflicts = conn.execute(select(schema.exceptions.c.kind)).scalars().all()
    assert sum(1 for p in rows if p["compartment_id"] == "C1") == 1
    assert conflicts == ["conflict"] * (len(kiosks) - 1)
