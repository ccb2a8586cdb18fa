"""SLA priority: what to pick first, and which orders are at risk or late (DESIGN §5).

Open work is ordered by `(ship_by, service rank, created_at)`. An order is AT RISK when
`now + estimated remaining work > ship_by − safety margin`, and LATE once `now > ship_by`. The
estimate uses this shift's measured rates — seconds per picked line from `pick_tasks.done_at`, seconds
per packed order from `packages.packed_at`, over the last `picking.rate_window_h` hours — and the
defaults below until there is enough data. Everything is a pure function of the database and `now`,
so it is re-evaluated simply by asking again (time passing, orders arriving or cancelled)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from terminal.clock import iso, parse_iso
from terminal.config import Settings
from terminal.picking.calendar import SERVICE_RANK

if TYPE_CHECKING:  # annotations only: importing sqlite_utils is slow (see terminal/stats/reader.py)
    import sqlite_utils

SAFETY_MARGIN_MIN = 30            # picking.safety_margin_min
DEFAULT_PICK_S_PER_LINE = 60.0    # picking.default_pick_s_per_line (= stats: 60 lines per hour)
DEFAULT_PACK_S_PER_ORDER = 120.0  # picking.default_pack_s_per_order (= stats: 30 orders per hour)
RATE_WINDOW_H = 4.0               # picking.rate_window_h
MIN_SAMPLES = 5                   # fewer measured steps than this: use the default


@dataclass(frozen=True)
class Rates:
    pick_s_per_line: float
    pack_s_per_order: float
    pick_measured: bool = False
    pack_measured: bool = False


def _per_step(times_by_person: dict[str, list[datetime]]) -> tuple[float, int]:
    """Average seconds between consecutive events of the same person, and the number of steps."""
    seconds, steps = 0.0, 0
    for times in times_by_person.values():
        times.sort()
        for a, b in zip(times, times[1:], strict=False):
            gap = (b - a).total_seconds()
            if gap <= 15 * 60:            # a break or a walk to the canteen is not work
                seconds += gap
                steps += 1
    return (seconds / steps if steps else 0.0), steps


def measured_rates(db: sqlite_utils.Database, now: datetime, settings: Settings | None = None) -> Rates:
    """This shift's pick and pack rates (seconds per line / per order), defaults before there is data."""
    settings = settings or Settings()
    since = iso(now - timedelta(hours=settings.get("picking.rate_window_h", RATE_WINDOW_H)))
    picks: dict[str, list[datetime]] = defaultdict(list)
    for picker, done_at in db.execute(
        "SELECT picker_id, done_at FROM pick_tasks WHERE done_at >= ? AND done_at <= ? AND status = 'done'",
        (since, iso(now)),
    ).fetchall():
        picks[picker or ""].append(parse_iso(done_at))
    packs: dict[str, list[datetime]] = defaultdict(list)
    for packer, packed_at in db.execute(
        "SELECT packed_by, packed_at FROM packages WHERE packed_at >= ? AND packed_at <= ?", (since, iso(now))
    ).fetchall():
        packs[packer or ""].append(parse_iso(packed_at))
    pick_s, pick_n = _per_step(picks)
    pack_s, pack_n = _per_step(packs)
    default_pick = settings.get("picking.default_pick_s_per_line", DEFAULT_PICK_S_PER_LINE)
    default_pack = settings.get("picking.default_pack_s_per_order", DEFAULT_PACK_S_PER_ORDER)
    return Rates(pick_s if pick_n >= MIN_SAMPLES else default_pick,
                 pack_s if pack_n >= MIN_SAMPLES else default_pack,
                 pick_n >= MIN_SAMPLES, pack_n >= MIN_SAMPLES)


def priority_key(ship_by: str | None, service: str, created_at: str) -> tuple[str, int, str]:
    """Sort key of open work; orders without a ship-by go last."""
    return (ship_by or "9999", SERVICE_RANK.get(service, len(SERVICE_RANK)), created_at)


@dataclass(frozen=True)
class Urgency:
    remaining_s: float
    at_risk: bool
    late: bool
    seconds_left: float | None     # until ship_by; negative when late; None without a ship-by


def urgency(ship_by: str | None, remaining_lines: int, packed: bool, now: datetime, rates: Rates,
            settings: Settings | None = None) -> Urgency:
    remaining = remaining_lines * rates.pick_s_per_line + (0.0 if packed else rates.pack_s_per_order)
    if not ship_by:
        return Urgency(remaining, False, False, None)
    deadline = parse_iso(ship_by)
    settings = settings or Settings()
    margin = timedelta(minutes=settings.get("picking.safety_margin_min", SAFETY_MARGIN_MIN))
    late = now > deadline
    at_risk = late or now + timedelta(seconds=remaining) > deadline - margin
    return Urgency(remaining, at_risk, late, (deadline - now).total_seconds())


@dataclass(frozen=True)
class OrderPriority:
    order_id: str
    ref: str
    service: str
    ship_by: str | None
    created_at: str
    status: str
    remaining_lines: int
    urgency: Urgency

    @property
    def key(self) -> tuple[str, int, str]:
        return priority_key(self.ship_by, self.service, self.created_at)


def open_work(db: sqlite_utils.Database, now: datetime, settings: Settings | None = None, *,
              statuses: Iterable[str] = ("open", "picking", "picked"), limit: int | None = None,
              rates: Rates | None = None) -> list[OrderPriority]:
    """Orders not yet packed, most urgent first, with their at-risk and late flags."""
    rates = rates or measured_rates(db, now, settings)
    wanted = tuple(statuses)
    marks = ",".join("?" * len(wanted))
    sql = (f"SELECT o.id, o.ref, o.service, o.ship_by, o.created_at, o.status,"
           f" (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id AND l.picked_qty + l.short_qty < l.qty)"
           f" FROM orders o WHERE o.status IN ({marks}) ORDER BY o.ship_by IS NULL, o.ship_by")
    params: list[object] = list(wanted)
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    out = [
        OrderPriority(oid, ref, service, ship_by, created, status, lines,
                      urgency(ship_by, lines, False, now, rates, settings))
        for oid, ref, service, ship_by, created, status, lines in db.execute(sql, params).fetchall()
    ]
    return sorted(out, key=lambda o: o.key)
