"""The pickup deadline at the kiosk: a parcel's own hold (the backend's rules, pulled with the parcel)
sets the deadline its deposit fact carries, and the recipient's screens say it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from terminal.clock import FixedClock, parse_iso
from terminal.lockers.deposit import deposit
from terminal.lockers.kiosk import LockerRefused
from terminal.lockers.pickup import pickup_by_code
from terminal.lockers.site import store_announced_parcel
from tests.terminal.lockers.conftest import KEY, SITE


def _deposited(site_db, kiosk, hold_hours: float | None):
    announced = store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", size_class="A",
                                       pickup_code="123456")
    # as the pulled parcel row brings it (backend/pickup_windows.py sets it at the announcement)
    site_db.execute("UPDATE parcels SET hold_hours = ? WHERE id = ?", (hold_hours, announced.parcel_id))
    assert deposit(kiosk, "courier-1", "PX1").ok
    return site_db.execute("SELECT * FROM parcels WHERE id = ?", (announced.parcel_id,)).fetchone()


def _outbox_deadline(site_db) -> str:
    import json

    (args,) = [json.loads(row[0]) for row in site_db.execute(
        "SELECT args FROM outbox WHERE name = 'ParcelDeposited'").fetchall()]
    return str(args["expires_at"])


def test_the_parcels_own_hold_sets_the_deadline_its_deposit_fact_carries(site_db, kiosk, person, clock) -> None:
    row = _deposited(site_db, kiosk, 72.0)
    assert parse_iso(row["expires_at"]) - clock.now() == timedelta(hours=72)
    assert _outbox_deadline(site_db) == row["expires_at"]


def test_without_a_hold_of_its_own_the_kiosk_setting_applies(site_db, kiosk, person, clock) -> None:
    row = _deposited(site_db, kiosk, None)
    assert parse_iso(row["expires_at"]) - clock.now() == timedelta(hours=48)


def test_the_recipient_is_told_until_when_the_parcel_waits_and_when_its_time_ended(site_db, kiosk, person,
                                                                                  clock: FixedClock) -> None:
    row = _deposited(site_db, kiosk, 30.0)
    local = parse_iso(row["expires_at"]).astimezone(ZoneInfo("Europe/Warsaw")).strftime("%Y-%m-%d %H:%M")
    person.action = "nothing"                 # opened, and closed with the parcel still inside
    left = pickup_by_code(kiosk, "600100200", "123456")
    assert left.code == "still_inside" and left.args == (local,) and f"waits until {local}" in left.message
    clock.advance(hours=31)
    with pytest.raises(LockerRefused) as refused:
        pickup_by_code(kiosk, "600100200", "123456")
    assert refused.value.code == "expired" and f"pickup time ended {local}" in refused.value.message
