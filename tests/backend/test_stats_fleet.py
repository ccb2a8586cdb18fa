"""The fleet figures from the backend equal the sites' local figures after sync (issue 8).

Two sites, each a warehouse with a parcel locker (tests/terminal/stats/sim_world.py), run a
simulated shift on the injectable clock through the real ops, sync to a real uvicorn backend on
127.0.0.1, and then:

* `?site=S` equals that site's local `handoff stats` (compute_kpis on the terminal's own file);
* the fleet answer, field by field —
  SUMS:    at_risk, late, door_faults.total / .by_kind / .out_of_service / .faulted
           (each equals site 1 + site 2);
  POOLED:  every rate (on_time_rate, pick_rate_lph, pack_rate_oph, perfect_order_rate,
           scan_error_per_1000, fill_rate, locker_utilisation, locker_utilisation_tw,
           first_attempt_pickup_rate) is Σ numerators ÷ Σ denominators of the sites' local data,
           and every percentile (otst_*, dwell_*) is nearest-rank over the union of both sites'
           local values — checked against a hand-rolled union of the local rows, not only
           against terminal/stats/pooled.combine.
"""

from __future__ import annotations

import math
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sync_live import LiveServer, Terminal, enrol

from backend import auth
from backend.changes import seed_entities
from backend.seed import seed_from_terminal_db
from terminal.stats import kpis as k
from terminal.stats.kpis import compute_kpis
from terminal.stats.pooled import combine, kpi_parts
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

HOURS = 4.0
# the window reaches two hours past the shift, so orders due at START+5h and never handed over are late
END = START + timedelta(hours=HOURS + 2)
SITES = {"S1": 11, "S2": 23}
SUMMED = ("at_risk", "late")
POOLED_RATES = ("on_time_rate", "pick_rate_lph", "pack_rate_oph", "perfect_order_rate", "scan_error_per_1000",
                "fill_rate", "locker_utilisation", "locker_utilisation_tw", "first_attempt_pickup_rate")
POOLED_PERCENTILES = ("otst_median_s", "otst_p90_s", "dwell_median_s", "dwell_p90_s")
_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


def _announce_on_backend(server: LiveServer, site: str, term: Terminal) -> int:
    """The carrier's announcements of the parcels the simulated couriers brought reach the backend
    (as /v1/parcels would), in their announced state, before the kiosk's pushes about them."""
    rows = [dict(r) for r in term.db.execute("SELECT * FROM parcels").fetchall()]
    announced = [{**r, **{c: None for c in _LIFECYCLE}, "status": "announced"} for r in rows]
    with server.app.state.engine.begin() as conn:
        return seed_entities(conn, site, "parcel", announced)


def _site(server: LiveServer, tmp_path: Path, site: str, seed: int, push: bool = True) -> Terminal:
    """A site's terminal after a simulated shift, its outbox pushed (`push`) or still to push."""
    path = tmp_path / f"{site}.db"
    db = open_db(path, create=True)
    build_world(db, orders=120, seed=seed)
    db.close()
    seed_from_terminal_db(server.app.state.engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())                       # the terminal's first pull
    simulate_shift(term.db, path, SimConfig(pickers=3, packers=2, hours=HOURS, seed=seed, start=START,
                                                    door_fail_p=0.08))
    _announce_on_backend(server, site, term)
    for _ in range(20 if push else 0):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    assert not push or not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone(), \
        "outbox not drained"
    return term


def _get(server: LiveServer, token: str, **params: str) -> httpx.Response:
    query = {"from": START.isoformat(), "to": END.isoformat(), **params}
    return httpx.get(f"{server.url}/v1/stats", params=query, headers={"Authorization": f"Bearer {token}"},
                     timeout=120)


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.fixture
def fleet(server: LiveServer, tmp_path: Path) -> dict[str, Terminal]:
    terms = {site: _site(server, tmp_path, site, seed) for site, seed in SITES.items()}
    yield terms
    for term in terms.values():
        term.db.close()


def test_fleet_figures_equal_the_sites_local_figures(server: LiveServer, fleet: dict[str, Terminal]) -> None:
    window = Window(START, END, datetime.now(UTC))
    local = {site: compute_kpis(term.db, window) for site, term in fleet.items()}
    parts = [kpi_parts(term.db, window) for term in fleet.values()]
    # the shift really produced data on both sides of every kind the fleet pools
    for site, figures in local.items():
        for key in ("pick_rate_lph", "scan_error_per_1000", "at_risk", "locker_utilisation_tw",
                    "dwell_median_s", "first_attempt_pickup_rate", "door_faults"):
            assert figures[key] is not None, f"{site}: the simulated shift gave no {key}"
        assert figures["late"] > 0 and figures["door_faults"]["total"] > 0, f"{site}: nothing to sum"

    token = auth.make_integration_token(server.app.state.engine, "supervisors")
    for site in fleet:
        answer = _get(server, token, site=site)
        assert answer.status_code == 200, answer.text
        assert answer.headers["X-Handoff-Unreplayed"] == "0"
        got = answer.json()
        assert list(got) == list(local[site])
        # (the projection adds up hours: a sum of floats may differ from one SQL sum in the last bit)
        differ = {key: (got[key], local[site][key]) for key in got
                  if not (_close(got[key], local[site][key]) if isinstance(got[key], float) else
                          got[key] == local[site][key])}
        assert not differ, f"?site={site} differs from that site's `handoff stats`: {differ}"

    whole = _get(server, token)
    assert whole.status_code == 200, whole.text
    assert whole.headers["X-Handoff-Sites"] == "2"
    got = whole.json()
    assert list(got) == list(k.KPI_KEYS)
    one, two = local.values()
    for key in SUMMED:                                       # sums
        assert got[key] == one[key] + two[key], key
    faults = got["door_faults"]                              # sums, kind by kind
    assert faults["total"] == one["door_faults"]["total"] + two["door_faults"]["total"]
    assert faults["out_of_service"] == one["door_faults"]["out_of_service"] + two["door_faults"]["out_of_service"]
    assert faults["faulted"] == one["door_faults"]["faulted"] + two["door_faults"]["faulted"]
    for kind in set(one["door_faults"]["by_kind"]) | set(two["door_faults"]["by_kind"]):
        assert faults["by_kind"][kind] == (one["door_faults"]["by_kind"].get(kind, 0)
                                           + two["door_faults"]["by_kind"].get(kind, 0))
    pooled = combine(parts)
    for key in POOLED_RATES + POOLED_PERCENTILES:            # pooled, through the shared code
        assert _close(got[key], pooled[key]), (key, got[key], pooled[key])

    # pooled, worked out here from the sites' local rows (not through pooled.combine)
    dbs = [term.db for term in fleet.values()]
    otst = sorted(v for db in dbs for v in k.otst_values(db, window))
    dwell = sorted(v for db in dbs for v in k.dwell_values(db, window))
    # (no handovers until packing is installed: then the otst percentiles are null everywhere)
    assert got["otst_median_s"] == (otst[math.ceil(0.5 * len(otst)) - 1] if otst else None)
    assert got["otst_p90_s"] == (otst[math.ceil(0.9 * len(otst)) - 1] if otst else None)
    assert got["dwell_p90_s"] == dwell[math.ceil(0.9 * len(dwell)) - 1]
    lines = sum(k.lines_picked(db, window) for db in dbs)
    hours = sum(k.role_hours(db, window, "picker") for db in dbs)
    assert _close(got["pick_rate_lph"], lines / hours)
    scans = [k.scan_error_counts(db, window) for db in dbs]
    assert _close(got["scan_error_per_1000"], 1000.0 * sum(s[0] for s in scans) / sum(s[1] for s in scans))
    occupied = [k.locker_tw_counts(db, window) for db in dbs]
    assert _close(got["locker_utilisation_tw"], sum(o[0] for o in occupied) / sum(o[1] for o in occupied))


def test_a_terminal_sees_only_its_own_site(server: LiveServer, tmp_path: Path) -> None:
    engine = server.app.state.engine
    with engine.begin() as conn:
        auth.ensure_site(conn, "S2")
    term = enrol(server, tmp_path / "t.db", site="S1")
    secret = state.load_token(state.token_path(term.settings, term.path))
    own = _get(server, secret)
    assert own.status_code == 200, own.text
    assert own.json() == _get(server, secret, site="S1").json()
    other = _get(server, secret, site="S2")
    assert other.status_code == 403 and other.json()["error"] == "other_site"
    assert _get(server, "nonsense").status_code == 401
    integration = auth.make_integration_token(engine)
    assert _get(server, integration, site="NOPE").status_code == 404
    bad = httpx.get(f"{server.url}/v1/stats", params={"from": "yesterday", "to": END.isoformat()},
                    headers={"Authorization": f"Bearer {integration}"})
    assert bad.status_code == 400 and "ISO 8601" in bad.json()["message"]
    backwards = _get(server, integration, **{"from": END.isoformat(), "to": START.isoformat()})
    assert backwards.status_code == 400
    term.db.close()
