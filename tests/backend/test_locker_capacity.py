"""Capacity over HTTP: announcing reserves a size; a full locker answers 409 `locker_full` with the
nearest locker with room and redirects only with consent; the reservation is released on every path."""

from __future__ import annotations

import httpx
from locker_world import add_locker, kiosk_of, parcel, push, reservation, set_timezone

from backend import auth

# Warsaw centre, a locker 2 km away and one 30 km away
HERE, NEAR, FAR = (52.2297, 21.0122), (52.2297, 21.0416), (52.4997, 21.0122)


def _announce(server, token: str, tracking: str, **extra) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
                      json={"site_id": "LK1", "tracking_number": tracking, "recipient_phone": "600100200", **extra})


def test_a_full_locker_answers_full_with_the_nearest_locker_with_room_and_redirects_only_with_consent(server):
    engine = server.app.state.engine
    add_locker(engine, "LK1", "AB", HERE)
    add_locker(engine, "LK2", "C", FAR)
    add_locker(engine, "LK3", "A", NEAR)
    add_locker(engine, "LK4", "AAAA", None)          # no position: never offered
    token = auth.make_integration_token(engine)
    # a B parcel takes the B compartment, an A parcel then the A one (a per-size count would also pass)
    assert _announce(server, token, "T1", size_class="B").status_code == 200
    assert _announce(server, token, "T2", size_class="A").status_code == 200
    full = _announce(server, token, "T3", size_class="B")
    assert full.status_code == 409, full.text
    body = full.json()
    assert body["error"] == "locker_full"
    assert body["alternative"]["site_id"] == "LK2"     # LK3 is nearer but has no B or larger
    assert 29 < body["alternative"]["distance_km"] < 31
    assert "LK2" in body["message"] and "allow_redirect" in body["message"]
    small = _announce(server, token, "T4", size_class="A").json()
    assert small["alternative"]["site_id"] == "LK3"      # an A fits the nearer one
    moved = _announce(server, token, "T3", size_class="B", allow_redirect=True)
    assert moved.status_code == 200, moved.text
    assert moved.json()["site_id"] == "LK2" and moved.json()["redirected_from"] == "LK1"
    assert parcel(engine, "LK2", moved.json()["parcel_id"])["status"] == "announced"
    again = _announce(server, token, "T3", size_class="B", allow_redirect=True).json()   # sent twice: one parcel
    assert again == {**moved.json(), "result": "existing"}
    nowhere = _announce(server, token, "T5", size_class="C", allow_redirect=True)
    assert nowhere.status_code == 409 and nowhere.json()["alternative"] is None


def test_the_reservation_is_released_on_deposit_pickup_expiry_collection_and_cancellation(server):
    engine = server.app.state.engine
    add_locker(engine, "LK1", "A", HERE)
    token = auth.make_integration_token(engine)
    kiosk = kiosk_of(engine, "LK1")
    compartment = "LK1-C1"

    def announce(tracking: str) -> str:
        answer = _announce(server, token, tracking)
        assert answer.status_code == 200, answer.text
        return answer.json()["parcel_id"]

    # cancelled before deposit: released, and the compartment can be reserved again
    first = announce("T1")
    assert _announce(server, token, "T2").json()["error"] == "locker_full"
    cancelled = httpx.post(f"{server.url}/v1/parcels/{first}/cancel", headers={"Authorization": f"Bearer {token}"})
    assert cancelled.json() == {"parcel_id": first, "status": "cancelled", "result": "cancelled"}
    assert reservation(engine, first).reason == "cancelled"
    assert parcel(engine, "LK1", first)["status"] == "cancelled"
    # deposited: the reservation becomes the compartment's occupancy; picked up: room again
    second = announce("T2")
    deposited = push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": second, "compartment_id": compartment,
                                                               "expires_at": "2099-01-01T00:00:00.000+00:00"})
    assert deposited["status"] == "applied"
    refused = httpx.post(f"{server.url}/v1/parcels/{second}/cancel", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 409 and refused.json()["error"] == "already_deposited"
    assert _announce(server, token, "T3").json()["error"] == "locker_full"    # the parcel is still inside
    assert reservation(engine, second).reason == "deposited"
    push(engine, kiosk, "LK1", "ParcelPickedUp", {"parcel_id": second})
    # expired and collected: the compartment is taken until the courier takes it away
    third = announce("T3")
    assert reservation(engine, third).released_at is None
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": third, "compartment_id": compartment,
                                                   "expires_at": "2099-01-01T00:00:00.000+00:00"})
    push(engine, kiosk, "LK1", "ParcelExpired", {"parcel_id": third})
    assert _announce(server, token, "T4").json()["error"] == "locker_full"
    push(engine, kiosk, "LK1", "ParcelCollected", {"parcel_id": third})
    fourth = announce("T4")
    assert reservation(engine, third).reason == "deposited"
    assert reservation(engine, fourth).released_at is None
    unknown = httpx.post(f"{server.url}/v1/parcels/nope/cancel", headers={"Authorization": f"Bearer {token}"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_parcel"


def test_a_site_the_backend_knows_no_compartment_of_takes_every_announcement(server):
    engine = server.app.state.engine
    with engine.begin() as conn:
        auth.ensure_site(conn, "LK1", kind="locker")
    token = auth.make_integration_token(engine)
    for i in range(3):
        assert _announce(server, token, f"T{i}").status_code == 200


def test_tomorrows_forecast_counts_parcels_still_inside_and_those_expected(server):
    engine = server.app.state.engine
    add_locker(engine, "LK1", "AAAB", HERE)
    add_locker(engine, "LK2", "A", NEAR)
    token = auth.make_integration_token(engine)
    kiosk = kiosk_of(engine, "LK1")
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from terminal.clock import iso

    warsaw = ZoneInfo("Europe/Warsaw")     # the sites' zone: tomorrow is Warsaw's
    tomorrow = datetime.combine(datetime.now(warsaw).date() + timedelta(days=1), time(9), tzinfo=warsaw)
    inside = _announce(server, token, "T1").json()["parcel_id"]
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": inside, "compartment_id": "LK1-C1",
                                                   "expires_at": iso(tomorrow + timedelta(days=3))})
    gone = _announce(server, token, "T2").json()["parcel_id"]        # leaves before tomorrow
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": gone, "compartment_id": "LK1-C2",
                                                   "expires_at": iso(datetime.now(UTC) + timedelta(minutes=1))})
    _announce(server, token, "T3", expected_deposit_at=iso(tomorrow))
    _announce(server, token, "T4", expected_deposit_at=iso(tomorrow + timedelta(days=2)))    # after tomorrow
    answer = httpx.get(f"{server.url}/v1/lockers/forecast", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["day"] == tomorrow.date().isoformat()
    by_site = {row["site_id"]: row for row in answer.json()["lockers"]}
    assert by_site["LK1"]["expected_peak"] == 2 and by_site["LK1"]["compartments"] == 4
    assert by_site["LK1"]["expected_fill"] == 0.5 and by_site["LK1"]["peak_at"].startswith(iso(tomorrow)[:16])
    assert by_site["LK2"]["expected_peak"] == 0
    one = httpx.get(f"{server.url}/v1/lockers/forecast", params={"site": "LK2"},
                    headers={"Authorization": f"Bearer {token}"}).json()
    assert [row["site_id"] for row in one["lockers"]] == ["LK2"]


def test_tomorrow_is_the_day_after_today_on_each_lockers_own_clock(server):
    """Kiritimati (UTC+14) and Pago Pago (UTC−11) are a day apart: whatever the hour, at least one of them
    is not on UTC's date, and its forecast must still be its own tomorrow — its date, from its own
    midnight to the next (a parcel expected late tomorrow there counts, one expected just after not)."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from terminal.clock import iso

    engine = server.app.state.engine
    token = auth.make_integration_token(engine)
    expected: dict[str, tuple[str, datetime]] = {}
    for site, zone_name in (("LK1", "Pacific/Kiritimati"), ("LK2", "Pacific/Pago_Pago")):
        add_locker(engine, site, "AA")
        set_timezone(engine, site, zone_name)
        zone = ZoneInfo(zone_name)
        day = datetime.now(zone).date() + timedelta(days=1)
        late = datetime.combine(day, time(23), tzinfo=zone)                    # counts: still tomorrow there
        after = datetime.combine(day + timedelta(days=1), time(0, 30), tzinfo=zone)   # the day after: not
        for tracking, at in ((f"{site}-late", late), (f"{site}-after", after)):
            answer = httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"}, json={
                "site_id": site, "tracking_number": tracking, "recipient_phone": "600100200",
                "expected_deposit_at": iso(at)})
            assert answer.status_code == 200, answer.text
        expected[site] = (day.isoformat(), late)
    answer = httpx.get(f"{server.url}/v1/lockers/forecast", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    rows = {row["site_id"]: row for row in answer.json()["lockers"]}
    for site, (day, late) in expected.items():
        assert rows[site]["day"] == day and rows[site]["expected_peak"] == 1, rows[site]
        assert datetime.fromisoformat(rows[site]["peak_at"]) == late.astimezone(UTC)
    assert answer.json()["day"] == expected["LK1"][0]
    assert {expected["LK1"][0], expected["LK2"][0]} != {(datetime.now(UTC) + timedelta(days=1)).date().isoformat()}


def test_a_terminal_sees_the_forecast_of_its_own_locker_only(server):
    engine = server.app.state.engine
    add_locker(engine, "LK1", "A", HERE)
    add_locker(engine, "LK2", "A", NEAR)
    code, _ = auth.make_enrollment_code(engine, "LK1", "supervisor", kind="locker")
    token = auth.enroll(engine, code, "supervisor", "supervisor")["token"]
    headers = {"Authorization": f"Bearer {token}"}
    own = httpx.get(f"{server.url}/v1/lockers/forecast", headers=headers)
    assert [row["site_id"] for row in own.json()["lockers"]] == ["LK1"]
    other = httpx.get(f"{server.url}/v1/lockers/forecast", params={"site": "LK2"}, headers=headers)
    assert other.status_code == 403 and other.json()["error"] == "other_site"
