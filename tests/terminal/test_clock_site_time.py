"""One clock for people: every time a person reads is on the site's time zone (issue 15, Clock).

The station and kiosk showed 09:xx (the machine's zone, UTC here), the supervisor 10:xx "site time"
for the same events. `local_time` is the one formatting every screen, message and PDF uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.clock import iso, local_time, site_timezone

WARSAW = ZoneInfo("Europe/Warsaw")


def test_site_timezone_is_the_sites_and_falls_back_to_warsaw(fresh_db) -> None:
    assert site_timezone(fresh_db) == WARSAW                       # no site yet
    fresh_db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('lk', 'L', 'locker', 'UTC')")
    fresh_db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('wh', 'W', 'warehouse', 'Europe/Lisbon')")
    assert site_timezone(fresh_db) == ZoneInfo("Europe/Lisbon")    # the warehouse's, whatever the ids
    fresh_db.execute("UPDATE sites SET timezone = 'Mars/Olympus' WHERE id = 'wh'")
    assert site_timezone(fresh_db) == WARSAW                       # a zone nobody knows: the default


def test_local_time_reads_utc_moments_on_the_site_clock() -> None:
    moment = datetime(2026, 11, 23, 8, 4, 30, tzinfo=UTC)
    assert local_time(moment, WARSAW) == "09:04"
    assert local_time(iso(moment), WARSAW, seconds=True) == "09:04:30"
    assert local_time(moment, WARSAW, today=moment + timedelta(hours=2)) == "09:04"
    assert local_time(moment, WARSAW, today=moment + timedelta(days=1)) == "23.11 09:04"
    assert local_time(None, WARSAW) == "" and local_time("", WARSAW) == ""
    summer = datetime(2026, 7, 1, 8, 4, tzinfo=UTC)
    assert local_time(summer, WARSAW) == "10:04"                   # daylight saving follows the zone


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
       st.sampled_from(["Europe/Warsaw", "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]))
def test_local_time_is_the_same_instant_whatever_form_it_arrives_in(moment: datetime, zone: str) -> None:
    """An aware datetime in any zone, and its stored ISO text, read as the same site wall time."""
    tz = ZoneInfo(zone)
    expected = moment.astimezone(tz).strftime("%H:%M:%S")
    assert local_time(moment, tz, seconds=True) == expected
    assert local_time(moment.astimezone(ZoneInfo("Asia/Tokyo")), tz, seconds=True) == expected
    assert local_time(iso(moment), tz, seconds=True) == expected[:8]
