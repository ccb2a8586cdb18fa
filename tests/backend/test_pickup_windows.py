"""Pickup windows: per-site and per-service rules (`handoff-backend locker-rules`), the hold reaching the
kiosk with the parcel, and `POST /v1/parcels/{id}/extend` applying `ParcelHoldExtended` within the rules."""

from __future__ import annotations

import json

import httpx
import pytest
from locker_world import add_locker, kiosk_of, parcel, push

from backend import auth
from backend.cli import main as backend_main
from terminal.clock import parse_iso


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        backend_main(list(argv))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_rules_are_set_per_site_and_service_and_the_most_specific_one_applies(server, capsys):
    url = server.db_url
    add_locker(server.app.state.engine, "LK1", "A")
    assert _cli(capsys, "locker-rules", "set", "--db", url, "--site", "*", "--hold-hours", "72")[0] == 0
    assert _cli(capsys, "locker-rules", "set", "--db", url, "--site", "LK1", "--service", "express",
                "--hold-hours", "24", "--max-extensions", "0", "--json")[0] == 0
    code, out, _ = _cli(capsys, "locker-rules", "show", "--db", url, "--site", "LK1", "--service", "express", "--json")
    assert json.loads(out) == {"hold_hours": 24.0, "max_extensions": 0, "extension_hours": 24.0, "site_id": "LK1",
                               "service": "express"}
    _, out, _ = _cli(capsys, "locker-rules", "show", "--db", url, "--site", "LK1", "--service", "standard", "--json")
    assert json.loads(out)["hold_hours"] == 72.0 and json.loads(out)["site_id"] == "*"
    _, out, _ = _cli(capsys, "locker-rules", "show", "--db", url, "--json")
    assert [(r["site_id"], r["service"]) for r in json.loads(out)] == [("*", "*"), ("LK1", "express")]
    code, _, err = _cli(capsys, "locker-rules", "set", "--db", url, "--site", "LK1", "--max-extensions", "11")
    assert code == 2 and "max extensions must be between 0 and 10" in err
    code, _, err = _cli(capsys, "locker-rules", "set", "--db", url, "--site", "NOPE", "--hold-hours", "5")
    assert code == 2 and "no site 'NOPE'" in err
    code, _, err = _cli(capsys, "locker-position", "--db", url, "--site", "LK1", "--lat", "95", "--lon", "0")
    assert code == 2 and "not a position" in err
    assert _cli(capsys, "locker-position", "--db", url, "--site", "LK1", "--lat", "52.2", "--lon", "21.0")[0] == 0


def test_extend_moves_the_deadline_by_the_rules_until_they_are_used_up(server):
    engine = server.app.state.engine
    add_locker(engine, "LK1", "AA")
    from backend.pickup_windows import set_rules

    set_rules(engine, "LK1", "*", hold_hours=48, max_extensions=2, extension_hours=12)
    set_rules(engine, "LK1", "express", max_extensions=0)
    token = auth.make_integration_token(engine)
    headers = {"Authorization": f"Bearer {token}"}

    def announce(tracking: str, **extra) -> str:
        answer = httpx.post(f"{server.url}/v1/parcels", headers=headers, json={
            "site_id": "LK1", "tracking_number": tracking, "recipient_phone": "600100200", **extra})
        assert answer.status_code == 200, answer.text
        return answer.json()["parcel_id"]

    def extend(parcel_id: str) -> httpx.Response:
        return httpx.post(f"{server.url}/v1/parcels/{parcel_id}/extend", headers=headers)

    standard, express = announce("T1"), announce("T2", service="express")
    assert parcel(engine, "LK1", standard)["hold_hours"] == 48.0
    early = extend(standard)
    assert early.status_code == 409 and early.json()["error"] == "not_in_locker"
    kiosk = kiosk_of(engine, "LK1")
    deadline = "2026-05-06T10:00:00.000+00:00"
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": standard, "compartment_id": "LK1-C1",
                                                   "expires_at": deadline})
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": express, "compartment_id": "LK1-C2",
                                                   "expires_at": deadline})
    push(engine, kiosk, "LK1", "ParcelExpired", {"parcel_id": standard})      # already past: runs from now
    first = extend(standard)
    assert first.status_code == 200, first.text
    assert first.json()["extensions"] == 1 and first.json()["extensions_left"] == 1
    after = parse_iso(first.json()["expires_at"])
    second = extend(standard).json()
    assert (parse_iso(second["expires_at"]) - after).total_seconds() == 12 * 3600   # from the last deadline
    now_held = parcel(engine, "LK1", standard)
    assert now_held["status"] == "deposited" and now_held["expires_at"] == second["expires_at"]
    used_up = extend(standard)
    assert used_up.status_code == 409 and used_up.json()["error"] == "extension_limit"
    refused = extend(express)
    assert refused.status_code == 409 and refused.json()["error"] == "extension_not_allowed"
    assert extend("nope").status_code == 404


def test_the_hold_and_an_extension_reach_the_kiosk_by_pull(server, tmp_path):
    from sync_live import enrol

    from terminal.ops import apply_op
    from terminal.sync.cycle import sync_once

    engine = server.app.state.engine
    add_locker(engine, "LK1", "A")
    from backend.pickup_windows import set_rules

    set_rules(engine, "LK1", "*", hold_hours=36, max_extensions=1, extension_hours=24)
    token = auth.make_integration_token(engine)
    headers = {"Authorization": f"Bearer {token}"}
    parcel_id = httpx.post(f"{server.url}/v1/parcels", headers=headers, json={
        "site_id": "LK1", "tracking_number": "T1", "recipient_phone": "600100200"}).json()["parcel_id"]
    kiosk = enrol(server, tmp_path / "k.db", site="LK1", role="kiosk")
    with kiosk.client() as client:
        sync_once(kiosk.db, client)
    assert kiosk.db.execute("SELECT hold_hours FROM parcels WHERE id = ?", (parcel_id,)).fetchone()[0] == 36.0
    apply_op(kiosk.db, "ParcelDeposited", {"parcel_id": parcel_id, "compartment_id": "LK1-C1",
                                           "expires_at": "2026-05-06T10:00:00.000+00:00"})
    with kiosk.client() as client:
        sync_once(kiosk.db, client)
    extended = httpx.post(f"{server.url}/v1/parcels/{parcel_id}/extend", headers=headers)
    assert extended.status_code == 200, extended.text
    with kiosk.client() as client:
        sync_once(kiosk.db, client)
    row = kiosk.db.execute("SELECT status, expires_at FROM parcels WHERE id = ?", (parcel_id,)).fetchone()
    assert tuple(row) == ("deposited", extended.json()["expires_at"])


def test_an_extension_that_would_overbook_the_locker_is_refused_until_there_is_room(server):
    """A parcel whose deadline passed before its kiosk reported the expiry holds nothing in the capacity
    count, so its compartment can be announced again; extending it then would leave that announcement
    no compartment, and is refused (409 `locker_full_extension`) until the announcement is cancelled."""
    from datetime import UTC, datetime, timedelta

    from terminal.clock import iso

    engine = server.app.state.engine
    add_locker(engine, "LK1", "A")
    token = auth.make_integration_token(engine)
    headers = {"Authorization": f"Bearer {token}"}

    def announce(tracking: str) -> httpx.Response:
        return httpx.post(f"{server.url}/v1/parcels", headers=headers, json={
            "site_id": "LK1", "tracking_number": tracking, "recipient_phone": "600100200"})

    overdue = announce("T1").json()["parcel_id"]
    deadline = iso(datetime.now(UTC) - timedelta(hours=1))
    push(engine, kiosk_of(engine, "LK1"), "LK1", "ParcelDeposited",
         {"parcel_id": overdue, "compartment_id": "LK1-C1", "expires_at": deadline})
    second = announce("T2")
    assert second.status_code == 200, second.text          # the overdue parcel is expected out any moment
    refused = httpx.post(f"{server.url}/v1/parcels/{overdue}/extend", headers=headers)
    assert refused.status_code == 409 and refused.json()["error"] == "locker_full_extension"
    assert "cannot wait until" in refused.json()["message"] and "locker LK1 would then have no compartment" \
        in refused.json()["message"] and deadline in refused.json()["message"]
    assert parcel(engine, "LK1", overdue)["expires_at"] == deadline           # nothing changed, nothing counted
    assert httpx.post(f"{server.url}/v1/parcels/{second.json()['parcel_id']}/cancel",
                      headers=headers).status_code == 200
    granted = httpx.post(f"{server.url}/v1/parcels/{overdue}/extend", headers=headers)
    assert granted.status_code == 200 and granted.json()["extensions"] == 1, granted.text
    assert announce("T3").json().get("error") == "locker_full"            # now the extended parcel holds it
