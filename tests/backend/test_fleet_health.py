"""Fleet health on a real backend (both stores): heartbeats kept, bad ones refused, the fleet listed
worst first, and a terminal that stops reporting flagged stale one sync interval after the report it
missed — judged by the backend's injectable clock, so nothing sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sync_live import LiveServer, database_url, enrol

from backend import auth, schema
from backend.fleet_health import HISTORY_KEEP, STALE_AFTER_INTERVALS
from backend.fleet_models import PROBLEMS
from terminal.clock import FixedClock
from terminal.sync.state import load_token


@pytest.fixture
def clock(backend_clock: FixedClock) -> FixedClock:
    return backend_clock


@pytest.fixture
def fleet(clocked_server: LiveServer) -> LiveServer:
    return clocked_server


class Kiosk:
    """An enrolled terminal that reports by hand, through its own token over HTTP."""

    def __init__(self, server: LiveServer, path: Path, site: str) -> None:
        self.term = enrol(server, path, site=site, role="kiosk")
        self.http = httpx.Client(base_url=server.url,
                                 headers={"Authorization": f"Bearer {load_token(Path(f'{path}.synctoken'))}"})

    def beat(self, **fields: Any) -> httpx.Response:
        return self.http.post("/v1/heartbeat", json=beat(**fields))

    def health(self, **params: str) -> httpx.Response:
        return self.http.get("/v1/fleet/health", params=params)

    def close(self) -> None:
        self.http.close()
        self.term.db.close()


def beat(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"protocol": 1, "app_version": "1.0", "schema_version": 71, "sync_interval_s": 10.0,
                            "boards": [{"board": 0, "online": True}, {"board": 1, "online": True}],
                            "doors_faulted": 0, "printer": {"state": "ok"}, "scanner": {"state": "absent"},
                            "disk_free_bytes": 50 * 2**30, "outbox_size": 0, "outbox_age_s": 0}
    body.update(fields)
    return body


@pytest.fixture
def kiosks(fleet: LiveServer, tmp_path: Path) -> Iterator[dict[str, Kiosk]]:
    made = {name: Kiosk(fleet, tmp_path / f"{name}.db", site) for name, site in
            (("a", "LK1"), ("b", "LK1"), ("c", "LK1"), ("d", "LK2"))}
    yield made
    for kiosk in made.values():
        kiosk.close()


def fleet_answer(server: LiveServer, **params: str) -> dict[str, Any]:
    token = auth.make_integration_token(server.app.state.engine)
    answer = httpx.get(f"{server.url}/v1/fleet/health", params=params, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def names(answer: dict[str, Any]) -> list[str]:
    return [t["name"] for t in answer["terminals"]]


def test_a_heartbeat_is_kept_and_answered_for_its_site_and_the_fleet(fleet, kiosks, clock):
    assert kiosks["a"].beat(boards=[{"board": 0, "online": True}, {"board": 2, "online": False}], doors_faulted=1,
                            printer={"state": "problem", "detail": "paper out"}).status_code == 200
    assert kiosks["d"].beat().status_code == 200
    own = kiosks["b"].health().json()                  # a terminal token: its own site only
    assert names(own) == ["a"]
    (a,) = own["terminals"]
    assert a["problems"] == ["boards_offline", "doors_faulted", "printer"]
    assert (a["boards_total"], a["boards_online"], a["boards_offline"]) == (2, 1, [2])
    assert a["printer"] == {"state": "problem", "detail": "paper out"} and a["role"] == "kiosk"
    assert a["last_heartbeat_at"] == own["as_of"] and a["silent_s"] == 0
    assert kiosks["b"].health(site="LK2").status_code == 403
    assert sorted(names(fleet_answer(fleet))) == ["a", "d"]     # an integration token: the fleet
    assert names(fleet_answer(fleet, site="LK2")) == ["d"]


def test_a_terminal_that_stops_reporting_is_stale_one_interval_after_the_report_it_missed(fleet, kiosks, clock):
    interval = 10.0
    for name in ("a", "b"):
        assert kiosks[name].beat(sync_interval_s=interval).status_code == 200
    # "b" keeps reporting every interval; "a" reported once and stopped. Its next report was due at
    # +interval; one interval later (+2 intervals, and a moment) it is stale, and listed first.
    for _ in range(2):
        clock.advance(seconds=interval)
        assert kiosks["b"].beat(sync_interval_s=interval).status_code == 200
        assert all(not t["problems"] for t in fleet_answer(fleet)["terminals"])
    clock.advance(seconds=0.5)
    answer = fleet_answer(fleet)
    assert names(answer) == ["a", "b"]
    assert answer["terminals"][0]["problems"] == ["stale"]
    assert answer["terminals"][0]["silent_s"] == pytest.approx(STALE_AFTER_INTERVALS * interval + 0.5)
    assert answer["terminals"][1]["problems"] == []
    assert kiosks["a"].beat(sync_interval_s=interval).status_code == 200    # it is back: no longer stale
    assert all(not t["problems"] for t in fleet_answer(fleet)["terminals"])


def test_the_fleet_is_listed_worst_first(fleet, kiosks, clock):
    kiosks["d"].beat()                                                            # stale, later
    clock.advance(seconds=5)
    kiosks["c"].beat(boards=[{"board": 0, "online": False}, {"board": 1, "online": True}])
    for size in (1, 2, 3):                                                        # a backlog growing
        kiosks["b"].beat(outbox_size=size, outbox_age_s=size * 10.0)
    kiosks["a"].beat(outbox_size=0)
    clock.advance(seconds=16)        # "d" silent 21 s > 2 × 10 s; the rest 16 s
    answer = fleet_answer(fleet)
    assert names(answer) == ["d", "c", "b", "a"]
    assert [t["problems"] for t in answer["terminals"]] == [["stale"], ["boards_offline"], ["backlog_growing"], []]


def test_a_backlog_that_drains_or_is_old_is_told_apart(fleet, kiosks):
    for size in (3, 2, 4):                       # not growing at each report: not flagged …
        kiosks["a"].beat(outbox_size=size)
    kiosks["b"].beat(outbox_size=1, outbox_age_s=3600.0)     # … an op waiting an hour is, at once
    problems = {t["name"]: t["problems"] for t in fleet_answer(fleet)["terminals"]}
    assert problems == {"a": [], "b": ["backlog_growing"]}


def test_the_history_is_bounded(fleet, kiosks):
    for size in range(HISTORY_KEEP + 7):
        assert kiosks["a"].beat(outbox_size=size).status_code == 200
    kiosks["b"].beat()
    engine = fleet.app.state.engine
    with engine.connect() as conn:
        h = schema.terminal_heartbeats.c
        counts = dict(conn.execute(select(h.terminal_id, func.count()).group_by(h.terminal_id)).all())
        kept = conn.execute(select(h.outbox_size).order_by(h.id)).scalars().all()
    assert sorted(counts.values()) == [1, HISTORY_KEEP]
    assert kept[:HISTORY_KEEP] == list(range(7, HISTORY_KEEP + 7))   # the newest are kept


BAD = [
    ("doors_faulted", -1), ("sync_interval_s", 0), ("sync_interval_s", "soon"), ("schema_version", -3),
    ("boards", [{"board": 16, "online": True}]), ("boards", [{"board": 0, "online": True}] * 2),
    ("boards", [{"board": 0}]), ("printer", {"state": "smoking"}), ("scanner", {"state": "ok", "detail": "x" * 201}),
    ("disk_free_bytes", -5), ("outbox_size", 2**70), ("outbox_age_s", -1.0), ("app_version", ""),
    ("app_version", "1.0\x00"), ("sync_error", "x" * 41), ("boards", "all"),
]


@pytest.mark.parametrize(("field", "value"), BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)])
def test_a_bad_heartbeat_is_refused_with_the_field_named_and_nothing_is_kept(fleet, kiosks, field, value):
    kiosks["a"].beat()
    before = fleet_answer(fleet)
    answer = kiosks["a"].beat(**{field: value})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid" and answer.json()["message"]
    assert field in answer.json()["message"] or "NUL" in answer.json()["message"]
    assert fleet_answer(fleet) == before


def test_bodies_that_are_not_a_heartbeat_are_refused(fleet, kiosks):
    http = kiosks["a"].http
    assert http.post("/v1/heartbeat", content=b"{not json", headers={"Content-Type": "application/json"}
                     ).status_code == 422
    assert http.post("/v1/heartbeat", json=[1, 2]).status_code == 422
    assert http.post("/v1/heartbeat", json={}).status_code == 422          # app_version and the rest missing
    assert fleet_answer(fleet)["terminals"] == []


def test_a_revoked_terminal_cannot_report_and_leaves_the_list(fleet, kiosks):
    kiosks["a"].beat()
    kiosks["b"].beat()
    auth.revoke(fleet.app.state.engine, terminal_id=kiosks["a"].term.db["sync_state"].get("terminal_id")["value"])
    assert kiosks["a"].beat().status_code == 401
    assert names(fleet_answer(fleet)) == ["b"]


# -- the ordering, for any fleet ------------------------------------------------------------------------

REPORT = st.fixed_dictionaries({
    "silence": st.sampled_from([0.0, 5.0, 19.0, 21.0, 60.0]),
    "offline": st.booleans(),
    "sizes": st.sampled_from([(0,), (1, 2, 3), (3, 2, 1), (2,)]),
    "faulted": st.integers(0, 2),
    "printer": st.sampled_from(["ok", "problem", "unknown"]),
    "disk": st.sampled_from([None, 10 * 2**20, 10 * 2**30]),
})


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(reports=st.lists(REPORT, min_size=1, max_size=4))
def test_any_fleet_is_listed_worst_first_and_stale_exactly_after_two_intervals(reports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fleet")
    clock = FixedClock()
    with database_url("sqlite", folder) as url:
        server = LiveServer(url, clock=clock).start()
        try:
            kiosks = [Kiosk(server, folder / f"k{i}.db", "LK1") for i in range(len(reports))]
            start = clock.now()
            latest = max(r["silence"] for r in reports)
            for kiosk, report in zip(kiosks, reports, strict=True):
                clock.set(start + timedelta(seconds=latest - report["silence"]))
                for size in report["sizes"]:
                    assert kiosk.beat(boards=[{"board": 0, "online": not report["offline"]}],
                                      outbox_size=size, doors_faulted=report["faulted"],
                                      printer={"state": report["printer"]},
                                      disk_free_bytes=report["disk"]).status_code == 200
            clock.set(start + timedelta(seconds=latest))
            listed = fleet_answer(server)["terminals"]
            for kiosk in kiosks:
                kiosk.close()
        finally:
            server.stop()
    by_name = {t["name"]: t for t in listed}
    for i, report in enumerate(reports):
        problems = by_name[f"k{i}"]["problems"]
        assert ("stale" in problems) == (report["silence"] > STALE_AFTER_INTERVALS * 10.0)
        assert ("boards_offline" in problems) == report["offline"]
        assert ("backlog_growing" in problems) == (report["sizes"] == (1, 2, 3))
        assert ("printer" in problems) == (report["printer"] == "problem")
        assert ("low_disk" in problems) == (report["disk"] == 10 * 2**20)
        assert problems == sorted(problems, key=PROBLEMS.index)
    ranks = [PROBLEMS.index(t["problems"][0]) if t["problems"] else len(PROBLEMS) for t in listed]
    assert ranks == sorted(ranks)


def test_heartbeats_and_health_are_not_held_to_the_open_routes_rate_limit(store_url, tmp_path):
    from backend.ratelimit import Limits

    server = LiveServer(store_url, limits=Limits(enroll_per_minute=1000, open_per_minute=3)).start()
    try:
        kiosk = Kiosk(server, tmp_path / "k.db", "LK1")
        for _ in range(10):          # a terminal reports every cycle: far more often than 3 a minute
            assert kiosk.beat().status_code == 200
            assert kiosk.health().status_code == 200
        kiosk.close()
    finally:
        server.stop()
