"""The server door (issue 13 §4, issue 14 §2): every pushed op is checked against its one declaration —
args and the pushing terminal's enrolled role — before it touches state; and secrets never leave a
terminal (issue 13 failure 5)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sync_live import SITE, LiveServer, Terminal, enrol, seed_catalogue

from backend import auth, schema
from backend.changes import seed_entities
from backend.seed import seed_from_terminal_db
from terminal.cli import run
from terminal.lockers import codes
from terminal.ops import apply_op
from terminal.people.badges import register_badge
from terminal.people.login import log_in_with_badge
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db, schema_version
from terminal.sync import state
from terminal.sync.cycle import sync_once
from terminal.sync.state import load_token
from terminal.sync.status import sync_status

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

AT = "2026-11-23T08:00:00.000+00:00"


def _push(server: LiveServer, term: Terminal, ops: list[dict[str, Any]] | str, first_seq: int = 1) -> httpx.Response:
    """POST /v1/push as `term`; `ops` as a list, or as raw JSON text (NaN and 1e999 have no Python spelling)."""
    token = load_token(Path(str(term.path) + ".synctoken"))
    head = (f'{{"protocol": 1, "terminal_id": {json.dumps(state.get(term.db, "terminal_id"))}, '
            f'"schema_version": {schema_version(term.db)}, "app_version": "t", "ops": ')
    text = ops if isinstance(ops, str) else json.dumps(
        [{"seq": first_seq + i, "op_id": f"op-{first_seq + i}-{op['name']}", "at": AT, **op}
         for i, op in enumerate(ops)])
    return httpx.post(f"{server.url}/v1/push", content=head + text + "}", timeout=30,
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def _rows(server: LiveServer, table: Any) -> list[Any]:
    with server.app.state.engine.connect() as conn:
        return list(conn.execute(select(table)).all())


def _entity(server: LiveServer, entity: str, key: str) -> dict[str, Any] | None:
    e = schema.entities.c
    with server.app.state.engine.connect() as conn:
        data = conn.execute(select(e.data).where(e.site_id == SITE, e.entity == entity, e.key == key)).scalar()
    return json.loads(data) if data else None


def _seed_locker(server: LiveServer) -> None:
    engine = server.app.state.engine
    seed_catalogue(engine)
    with engine.begin() as conn:
        seed_entities(conn, SITE, "lock_board", [{"id": "B0", "site_id": SITE, "board_no": 0, "port": "",
                                                  "hook_closed_bit": 1, "ir_occupied_bit": 1, "has_infrared": 1}])
        seed_entities(conn, SITE, "compartment", [{"id": "C1", "site_id": SITE, "board_id": "B0", "lock_no": 1,
                                                   "size_class": "A", "column_no": 1, "row_no": 1, "state": "FREE",
                                                   "door": "closed", "fault_reason": None}])


BAD_PUSH = ('[{"seq": 1, "op_id": "bad-1", "name": "CompartmentOutOfService", "at": "' + AT + '",'
            ' "args": {"compartment_id": "C1", "reason": 1000000000000000000000000000000}},'
            ' {"seq": 2, "op_id": "bad-2", "name": "CompartmentOutOfService", "at": "' + AT + '",'
            ' "args": {"compartment_id": "C1", "reason": NaN}},'
            ' {"seq": 3, "op_id": "bad-3", "name": "CompartmentOutOfService", "at": "' + AT + '",'
            ' "args": {"compartment_id": "C1", "reason": 1e999}}]')
# text no store can hold is refused with the whole request, before any op is looked at (422)
UNSTORABLE_PUSH = ('[{"seq": 4, "op_id": "bad-4", "name": "CompartmentOutOfService", "at": "' + AT + '",'
                   ' "args": {"compartment_id": "C1", "reason": "\\ud800\\u0000"}}]')


def test_failure6_one_bad_push_cannot_stop_site(server: LiveServer, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _seed_locker(server)
    bad, good = enrol(server, tmp_path / "bad.db"), enrol(server, tmp_path / "good.db")
    answer = _push(server, bad, BAD_PUSH)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [("rejected", "bad_args")] * 3
    assert all("reason" in r["message"] for r in results)
    unstorable = _push(server, bad, UNSTORABLE_PUSH)
    assert unstorable.status_code == 422 and "surrogate" in unstorable.json()["message"], unstorable.text
    # nothing stored, nothing passed on: the compartment is as it was, the ops log keeps no bad args
    assert _entity(server, "compartment", "C1")["fault_reason"] is None
    assert all(r.args == "{}" for r in _rows(server, schema.ops))
    refused = [r for r in _rows(server, schema.exceptions) if r.kind == "refused_op"]
    assert len(refused) == 3 and all(r.status == "open" for r in refused)
    # every other terminal of the site keeps syncing, and the bad one too
    assert run(["sync", "now", "--db", str(good.path), "--json"]) == 0
    now = json.loads(capsys.readouterr().out)
    assert now["ok"] and now["status"]["last_error"] is None
    assert good.db.execute("SELECT fault_reason, state FROM compartments WHERE id = 'C1'").fetchone()[:] == (None,
                                                                                                             "FREE")
    sync_once(bad.db, bad.client())
    assert sync_status(bad.db)["last_error"] is None


def test_kiosk_token_cannot_start_a_batch(server: LiveServer, tmp_path: Path) -> None:
    engine = server.app.state.engine
    seed_catalogue(engine)
    with engine.begin() as conn:   # master data; the order comes the way integrators send it
        seed_entities(conn, SITE, "carrier", [{"code": "DPD", "name": "DPD"}])
    integration = {"Authorization": f"Bearer {auth.make_integration_token(engine)}"}
    order = httpx.post(f"{server.url}/v1/orders", headers=integration,
                       json={"external_id": "R1", "site_id": SITE, "ref": "R1", "carrier_code": "DPD",
                             "recipient": {"name": "Jan", "street": "Polna 1", "postcode": "00-001", "city": "Łódź"},
                             "lines": [{"sku_code": "SKU1", "qty": 1}]})
    assert order.status_code == 200, order.text
    order_id = order.json()["order_id"]
    kiosk = enrol(server, tmp_path / "kiosk.db", role="kiosk")
    batch = {"batch_id": "B1", "picker_id": "U1", "orders": [{"order_id": order_id, "tote_slot": 1}],
             "tasks": [{"task_id": "T1", "order_id": order_id, "line_id": "L1", "sku_code": "SKU1",
                        "location_code": "A-01", "qty": 1, "sequence": 1}]}
    answer = _push(server, kiosk, [{"name": "BatchStarted", "args": batch}])
    assert [(r["status"], r["code"]) for r in answer.json()["results"]] == [("rejected", "role_not_allowed")]
    assert "kiosk" in answer.json()["results"][0]["message"]
    assert _entity(server, "order", order_id)["status"] == "open"
    assert _entity(server, "pick_batch", "B1") is None
    assert [r.kind for r in _rows(server, schema.exceptions)] == ["refused_op"]
    # the same op from a station is applied
    station = enrol(server, tmp_path / "station.db")
    assert _push(server, station, [{"name": "BatchStarted", "args": batch}]).json()["results"][0]["status"] \
        == "applied"
    assert _entity(server, "order", order_id)["status"] == "picking"


def test_user_logged_in_cannot_give_a_picker_the_supervisor_role(server: LiveServer, tmp_path: Path) -> None:
    seed_catalogue(server.app.state.engine)
    with server.app.state.engine.begin() as conn:
        seed_entities(conn, SITE, "user", [{"id": "U1", "name": "Ala", "roles": "picker", "zones": "",
                                            "language": "pl", "active": 1}])
    station = enrol(server, tmp_path / "station.db")
    answer = _push(server, station, [
        {"name": "UserLoggedIn", "args": {"user_id": "U1", "role": "supervisor", "session_id": "S1"}},
        {"name": "UserLoggedIn", "args": {"user_id": "U1", "role": "root", "session_id": "S2"}},
        {"name": "UserLoggedIn", "args": {"user_id": "U1", "role": "picker", "session_id": "S3"}}])
    assert [(r["status"], r["code"]) for r in answer.json()["results"]] == [
        ("rejected", "role_not_held"), ("rejected", "bad_args"), ("applied", None)]
    assert _entity(server, "user_session", "S1") is None
    assert _entity(server, "user_session", "S3")["role"] == "picker"
    # a kiosk logs in couriers and technicians, nobody else
    kiosk = enrol(server, tmp_path / "kiosk.db", role="kiosk")
    answer = _push(server, kiosk, [{"name": "UserLoggedIn", "args": {"user_id": "U1", "role": "picker"}}])
    assert answer.json()["results"][0]["code"] == "role_not_allowed"


def test_exception_acknowledged_only_from_a_supervisor_terminal(server: LiveServer, tmp_path: Path) -> None:
    seed_catalogue(server.app.state.engine)
    ack = {"name": "ExceptionAcknowledged", "args": {"exception_id": "E1", "user_id": "sup"}}
    station = enrol(server, tmp_path / "station.db")
    assert [(r["status"], r["code"]) for r in _push(server, station, [ack]).json()["results"]] == [
        ("rejected", "role_not_allowed")]
    supervisor = enrol(server, tmp_path / "sup.db", role="supervisor")
    assert _push(server, supervisor, [ack]).json()["results"][0]["status"] == "applied"


def _all_backend_text(server: LiveServer) -> str:
    parts = []
    with server.app.state.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            parts.extend(repr(tuple(row)) for row in conn.execute(select(table)))
    return "\n".join(parts)


def test_failure5_secrets_never_leave_the_terminal(server: LiveServer, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A simulated shift with a locker, plus the scans that carry secrets (the supervisor's badge at a
    weight mismatch, a pickup QR token at the kiosk), synced to a real backend: no badge, pickup code or
    QR token in any outbox row, any backend table or any log line. The badges are the site's registered
    ones (the backend gets them as `badge` entities from the seed) and the supervisor logs in with one."""
    caplog.set_level(logging.DEBUG)
    made: list[str] = []
    for name in ("new_pickup_code", "new_qr_token"):
        real = getattr(codes, name)
        monkeypatch.setattr(codes, name, lambda real=real: made.append(real()) or made[-1])
    path = tmp_path / "S1.db"
    db = open_db(path, create=True)
    build_world(db, orders=40, seed=3)
    badges = ["BADGE-SUP-4711", "BADGE-PICK-0815"]
    with db.conn:
        register_badge(db, badges[0], "sup")
        register_badge(db, badges[1], "pick0", active=False)   # a badge withdrawn: "not a badge of this site"
    db.close()
    seed_from_terminal_db(server.app.state.engine, "S1", path)
    term = enrol(server, path, site="S1")
    sync_once(term.db, term.client())
    log_in_with_badge(term.db, badges[0], ("supervisor",), terminal="S1")
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=3.0, seed=2, start=START, door_fail_p=0.05))
    apply_op(term.db, "ScanRecorded", {"user_id": "pack0", "context": "packing", "raw": badges[0], "kind": "BadgeScan",
                                       "accepted": True, "order_id": None})
    apply_op(term.db, "ScanRecorded", {"user_id": None, "context": "kiosk", "raw": made[1], "kind": "PickupTokenScan",
                                       "accepted": True})
    apply_op(term.db, "ScanRecorded", {"user_id": None, "context": "picking", "raw": badges[1], "kind": "Unknown",
                                       "accepted": False, "reason": "not a badge of this site"})
    for _ in range(10):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    assert term.db.execute("SELECT count(*) FROM outbox WHERE acked = 1").fetchone()[0] > 500
    secrets = [*badges, *made]
    assert len(made) > 10, "the shift announced too few parcels to prove anything"
    outbox = "\n".join(r[0] for r in term.db.execute("SELECT args FROM outbox").fetchall())
    backend = _all_backend_text(server)
    with server.app.state.engine.connect() as conn:   # the badges are there, to be found if kept in plain text
        e = schema.entities.c
        assert len(conn.execute(select(e.key).where(e.site_id == "S1", e.entity == "badge")).all()) == 2
    logs = "\n".join(record.getMessage() for record in caplog.records)
    # six-digit codes could occur by chance inside longer numbers: look for them as JSON strings
    found = [(s, where) for s in secrets for where, text in (("outbox", outbox), ("backend", backend), ("log", logs))
             if (s if len(s) > 6 else f"'{s}'") in text or json.dumps(s) in text]
    assert found == []


_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(st.characters(codec=None, categories=None), max_size=50),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _literal(value: Any) -> str:
    """JSON text for any value, with the spellings Python's JSON reads but strict JSON lacks."""
    if isinstance(value, float) and value != value:
        return "NaN"
    return json.dumps(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_a_terminal_pushes_the_server_answers_without_5xx_and_stores_no_bad_args(
        server: LiveServer, terminal: Terminal, data: st.DataObject) -> None:
    """Invariant 8: an op refused at the door leaves no trace but its `{}` ops row and a supervisor
    exception; an op that passes is the declared shape. The next push still goes through."""
    name = data.draw(st.sampled_from(["CompartmentOutOfService", "UserLoggedIn", "PickConfirmed", "ScanRecorded",
                                      "BatchStarted", "ParcelDeposited", "KeypadCodeEntered"]))
    fields = data.draw(st.dictionaries(st.sampled_from(["compartment_id", "reason", "user_id", "role", "task_id",
                                                        "qty", "raw", "kind", "orders", "parcel_id", "ok", "x"]),
                                       _JUNK, max_size=4))
    seq = _next_seq(server, terminal)
    args = "{" + ", ".join(f"{json.dumps(k)}: {_literal(v)}" for k, v in fields.items()) + "}"
    op = (f'[{{"seq": {seq}, "op_id": "junk-{seq}", "name": "{name}", "at": "{AT}", "args": {args}}}]')
    answer = _push(server, terminal, op)
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:
        result = answer.json()["results"][0]
        stored = _rows(server, schema.ops)[-1]
        if result["code"] == "bad_args" and result["status"] == "rejected":
            assert stored.args == "{}"
        json.loads(stored.args, parse_constant=lambda c: pytest.fail(f"{c} stored"))


def _next_seq(server: LiveServer, term: Terminal) -> int:
    t = schema.terminal_state.c
    with server.app.state.engine.connect() as conn:
        return int(conn.execute(select(t.last_seq).where(t.terminal_id == state.get(term.db, "terminal_id")))
                   .scalar() or 0) + 1
