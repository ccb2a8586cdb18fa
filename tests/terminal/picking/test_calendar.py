"""Ship-by across weekends, holidays, DST changes and after-cut-off orders (site in Europe/Warsaw)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from picking_world import add_carrier

from terminal.picking.calendar import CalendarError, CarrierCalendar, order_ship_by, polish_holidays

WAW = ZoneInfo("Europe/Warsaw")


def local(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WAW)


def plan(db, service: str, created: datetime, carrier: str = "DPD", promised: date | None = None):
    promised_day, ship_by = CarrierCalendar.from_db(db).plan_order(carrier, service, created, promised)
    return promised_day, ship_by.astimezone(WAW)


def test_next_day_before_the_cut_off_ships_today_for_tomorrow(calendar_db):
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 23, 10)) == (date(2026, 11, 24), local(2026, 11, 23, 18))


def test_after_the_last_cut_off_the_promise_moves_a_day(calendar_db):
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 23, 18, 1)) == (date(2026, 11, 25), local(2026, 11, 24, 18))


def test_friday_orders_deliver_monday_and_after_cut_off_tuesday(calendar_db):
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 27, 9)) == (date(2026, 11, 30), local(2026, 11, 27, 18))
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 27, 19)) == (date(2026, 12, 1), local(2026, 11, 30, 18))
    # a Saturday order waits for Monday's departure
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 28, 12)) == (date(2026, 12, 1), local(2026, 11, 30, 18))


def test_independence_day_is_skipped(calendar_db):
    # 11 Nov 2026 is a Wednesday: a Tuesday order is delivered Thursday, shipped Tuesday evening
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 10, 10)) == (date(2026, 11, 12), local(2026, 11, 10, 18))
    # ordered on the holiday itself: no departure that day
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 11, 9)) == (date(2026, 11, 13), local(2026, 11, 12, 18))


def test_easter_monday_has_no_departure(calendar_db):
    # Easter 2026 is 5 April: Friday-evening orders leave on Tuesday 7 April
    assert plan(calendar_db, "NEXT_DAY", local(2026, 4, 3, 19)) == (date(2026, 4, 8), local(2026, 4, 7, 18))


def test_christmas_and_christmas_eve(calendar_db):
    # 24 (public holiday from 2025), 25 and 26 December are off: Wednesday 23rd delivers Monday 28th
    assert plan(calendar_db, "NEXT_DAY", local(2026, 12, 23, 10)) == (date(2026, 12, 28), local(2026, 12, 23, 18))


def test_promised_date_given_picks_the_last_departure_that_meets_it(calendar_db):
    # promised Monday 30 Nov: the last departure delivering by then is Friday 27th 18:00
    assert plan(calendar_db, "STANDARD", local(2026, 11, 23, 10), promised=date(2026, 11, 30))[1] \
        == local(2026, 11, 27, 18)


def test_standard_is_two_business_days(calendar_db):
    assert plan(calendar_db, "STANDARD", local(2026, 11, 23, 10)) == (date(2026, 11, 25), local(2026, 11, 24, 18))


def test_express_same_day_before_and_after_its_cut_off(calendar_db):
    add_carrier(calendar_db, "EXP", departures=("14:00",), services="EXPRESS_SAME_DAY")
    assert plan(calendar_db, "EXPRESS_SAME_DAY", local(2026, 11, 23, 10), "EXP") \
        == (date(2026, 11, 23), local(2026, 11, 23, 14))
    assert plan(calendar_db, "EXPRESS_SAME_DAY", local(2026, 11, 23, 14, 30), "EXP") \
        == (date(2026, 11, 24), local(2026, 11, 24, 14))


def test_departure_times_follow_daylight_saving(calendar_db):
    cal = CarrierCalendar.from_db(calendar_db)
    # last Sunday of March 2026 is the 29th: 16:00 local is 15:00 UTC on Friday, 14:00 UTC on Monday
    assert cal.departures_on("DPD", date(2026, 3, 27), "NEXT_DAY")[0] == datetime(2026, 3, 27, 15, tzinfo=UTC)
    assert cal.departures_on("DPD", date(2026, 3, 30), "NEXT_DAY")[0] == datetime(2026, 3, 30, 14, tzinfo=UTC)
    # last Sunday of October 2026 is the 25th: back to UTC+1
    assert cal.departures_on("DPD", date(2026, 10, 23), "NEXT_DAY")[0] == datetime(2026, 10, 23, 14, tzinfo=UTC)
    assert cal.departures_on("DPD", date(2026, 10, 26), "NEXT_DAY")[0] == datetime(2026, 10, 26, 15, tzinfo=UTC)
    # an order at 17:30 UTC on Friday 27 March is 18:30 local: after the cut-off
    promised, ship_by = cal.plan_order("DPD", "NEXT_DAY", datetime(2026, 3, 27, 17, 30, tzinfo=UTC))
    assert promised == date(2026, 3, 31) and ship_by == datetime(2026, 3, 30, 16, tzinfo=UTC)


def test_a_saturday_departure_counts_but_delivers_on_a_business_day(calendar_db):
    add_carrier(calendar_db, "SAT", departures=("12:00",), weekdays=(5,))
    assert plan(calendar_db, "NEXT_DAY", local(2026, 11, 28, 9), "SAT") == (date(2026, 11, 30), local(2026, 11, 28, 12))


def test_polish_holidays_are_generated_for_any_year():
    h2026 = polish_holidays(2026)
    assert date(2026, 4, 6) in h2026 and h2026[date(2026, 4, 6)] == "Poniedziałek Wielkanocny"
    assert date(2026, 6, 4) in h2026           # Corpus Christi: Easter + 60 days
    assert date(2024, 12, 24) not in polish_holidays(2024) and date(2031, 12, 24) in polish_holidays(2031)
    assert date(2031, 4, 14) in polish_holidays(2031)   # Easter Monday 2031


def test_the_holidays_table_wins_for_the_years_it_lists(calendar_db):
    calendar_db.execute("INSERT INTO holidays (calendar, day, name) VALUES ('PL', '2027-03-03', 'Site closed')")
    calendar_db.conn.commit()
    cal = CarrierCalendar.from_db(calendar_db)
    assert date(2027, 3, 3) in cal.holidays and date(2027, 11, 11) not in cal.holidays
    assert date(2028, 11, 11) in cal.holidays                  # no rows for 2028: generated


def test_order_ship_by_reads_and_writes_stored_text(calendar_db):
    cal = CarrierCalendar.from_db(calendar_db)
    assert order_ship_by(cal, carrier="DPD", service="NEXT_DAY", created_at="2026-11-23T09:00:00.000+00:00") \
        == ("2026-11-24", "2026-11-23T17:00:00.000+00:00")


def test_a_carrier_without_departures_is_one_sentence(calendar_db):
    calendar_db.execute("INSERT INTO carriers (code, name) VALUES ('NONE', 'Nobody')")
    with pytest.raises(CalendarError, match="no NEXT_DAY departure"):
        CarrierCalendar.from_db(calendar_db).plan_order("NONE", "NEXT_DAY", local(2026, 11, 23, 10))
