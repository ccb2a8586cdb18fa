"""Locker capacity: an announced parcel reserves a compartment size at its locker for a window.

The window runs from the announcement to the expected deposit plus the hold. Whether one more
parcel fits is a matching question — a parcel fits any compartment of its size or larger — so
counting each size on its own is wrong (two A parcels and one free C compartment plus one free A
fit; a per-size count says no A is left). With sizes nested (A ⊂ B ⊂ C) Hall's condition reduces
to one inequality per size: the parcels needing size s or larger never outnumber the compartments
of size s or larger. It must hold at every moment of the new window, and the load only grows at a
reservation's start, so those moments (and the window's start) are the ones checked.

Supply at a moment: compartments in service (not FAULT or OUT_OF_SERVICE) that no parcel occupies
then. A deposited parcel occupies its compartment until its `expires_at`; an expired one until a
courier collects it (no end). Reservations are released — they stop counting — when their parcel
is deposited (the server's deposit handler, backend/handlers/lockers.py) or cancelled (`cancel`),
or once their window has passed (`settle`, on each announcement). Every reader also counts only
reservations whose parcel is still waiting, so a path that left a row behind cannot fill a locker."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from geopy.distance import geodesic
from sqlalchemy import Connection, Engine, insert, select, update

from backend import schema
from backend.db import read_conn
from backend.integration import IntegrationError
from backend.locker_schema import locker_reservations
from backend.reservations import release
from backend.site_time import site_zone
from terminal.clock import iso, parse_iso

SIZES = ("A", "B", "C")                 # terminal/lockers/site.py: A fits in B fits in C
OUT = ("FAULT", "OUT_OF_SERVICE")
#: when the announcement does not say when the parcel will be deposited
DEFAULT_LEAD = timedelta(hours=24)
FOREVER = datetime.max.replace(tzinfo=UTC)


def rank(size: str | None) -> int:
    return SIZES.index(size) if size in SIZES else 0


@dataclass(frozen=True)
class Hold:
    """One size held over [start, end): a reservation, or a deposited parcel in its compartment."""

    rank: int
    start: datetime
    end: datetime


@dataclass
class LockerState:
    """What a locker has to offer: its compartments in service by size and what occupies them."""

    site_id: str
    sizes: list[int]               # the rank of each compartment in service
    occupied: list[Hold]           # deposited/expired parcels in those compartments
    reserved: list[Hold]           # active reservations, from the announcement
    expected: list[Hold]           # the same, from the expected deposit (when the parcel is inside)
    known: bool = True             # the backend knows compartments of this locker (in service or not)

    @property
    def compartments(self) -> int:
        return len(self.sizes)


def fits(sizes: Sequence[int], occupied: Iterable[Hold], reserved: Iterable[Hold], new: Hold) -> bool:
    """Hall's condition over the new window: at every moment a reservation starts (and at the window's
    start), for every size s, the parcels needing s or larger fit the free compartments of s or larger.

    One sweep over the holds' starts and ends in time order (a deposited parcel takes away the very
    compartment it is in; a reservation needs one of its size or larger), so a locker with hundreds of
    reservations is checked in n·log n, not n per moment."""
    free = [0] * len(SIZES)
    for size in sizes:
        free[size] += 1
    need = [0] * len(SIZES)
    events: list[tuple[datetime, list[int], int, int]] = []    # (when, counter, rank, change)
    for hold in occupied:
        events += [(hold.start, free, hold.rank, -1), (hold.end, free, hold.rank, +1)]
    reserved = list(reserved)
    for hold in [*reserved, new]:
        events += [(hold.start, need, hold.rank, +1), (hold.end, need, hold.rank, -1)]
    events.sort(key=lambda event: event[0])
    moments = sorted({new.start} | {h.start for h in reserved if new.start <= h.start < new.end})
    done = 0
    for moment in moments:
        while done < len(events) and events[done][0] <= moment:   # [start, end): an end at `moment` is over
            _when, counter, size, change = events[done]
            counter[size] += change
            done += 1
        have = wanted = 0
        for size in reversed(range(len(SIZES))):
            have += free[size]
            wanted += need[size]
            if wanted > have:
                return False
    return True


def _keyed(conn: Connection, site_id: str, entity: str, keys: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """The site's entities of one kind by key (only `keys`, when given: reads stay bounded by the
    compartments and active reservations, not by every parcel the locker ever held)."""
    e = schema.entities.c
    query = select(e.key, e.data).where(e.site_id == site_id, e.entity == entity)
    if keys is not None:
        if not keys:
            return {}
        query = query.where(e.key.in_(sorted(keys)))
    return {key: json.loads(data) for key, data in conn.execute(query)}


def _waiting(parcels: dict[str, dict[str, Any]], parcel_id: str) -> bool:
    return (parcels.get(parcel_id) or {}).get("status") == "announced"


def locker_state(conn: Connection, site_id: str, now: datetime) -> LockerState:
    """The locker as the store has it now (the committed entities; announcements hold the site's lock).

    What occupies a compartment is the server's `occupancy` entity (backend/handlers/lockers.py):
    set by a deposit, kept through expiry, removed by pickup or collection."""
    every = _keyed(conn, site_id, "compartment")
    compartments = {k: c for k, c in every.items() if c.get("state") not in OUT}
    held = _keyed(conn, site_id, "occupancy")
    r = locker_reservations.c
    active = conn.execute(select(r.parcel_id, r.size_class, r.starts_at, r.expected_at, r.ends_at).where(
        r.site_id == site_id, r.released_at.is_(None))).all()
    parcels = _keyed(conn, site_id, "parcel", {str(h.get("parcel_id")) for h in held.values()}
                     | {row.parcel_id for row in active})
    occupied = []
    for compartment_id, holder in held.items():
        comp = compartments.get(compartment_id)
        if comp is None:
            continue
        parcel = parcels.get(str(holder.get("parcel_id"))) or {}
        end = (parse_iso(parcel["expires_at"]) if parcel.get("status") == "deposited" and parcel.get("expires_at")
               else FOREVER)
        occupied.append(Hold(rank(comp.get("size_class")), now, max(end, now)))
    waiting = [row for row in active if _waiting(parcels, row.parcel_id) and parse_iso(row.ends_at) > now]
    sizes = [rank(c.get("size_class")) for c in compartments.values()]
    return LockerState(
        site_id, sizes, occupied,
        [Hold(rank(row.size_class), parse_iso(row.starts_at), parse_iso(row.ends_at)) for row in waiting],
        [Hold(rank(row.size_class), parse_iso(row.expected_at), parse_iso(row.ends_at)) for row in waiting],
        bool(every))


def settle(conn: Connection, site_id: str, now: datetime) -> int:
    """Release the site's reservations whose parcel is no longer waiting or whose window has passed."""
    r = locker_reservations.c
    active = conn.execute(select(r.parcel_id, r.ends_at).where(r.site_id == site_id, r.released_at.is_(None))).all()
    if not active:
        return 0
    parcels = _keyed(conn, site_id, "parcel", {row.parcel_id for row in active})
    released = 0
    for parcel_id, ends_at in active:
        status = (parcels.get(parcel_id) or {}).get("status", "gone")
        reason = status if status != "announced" else ("window_passed" if parse_iso(ends_at) <= now else None)
        if reason:
            conn.execute(update(locker_reservations).where(r.parcel_id == parcel_id)
                         .values(released_at=iso(now), reason=reason))
            released += 1
    return released


@dataclass(frozen=True)
class Request:
    size_class: str | None
    start: datetime
    expected_at: datetime
    hold_hours: float

    def hold(self) -> Hold:
        end = self.expected_at + timedelta(hours=self.hold_hours)
        return Hold(rank(self.size_class), self.start, max(end, self.start + timedelta(seconds=1)))


def has_room(conn: Connection, site_id: str, request: Request) -> bool:
    """Whether the parcel fits. A site the backend knows no compartment of (its kiosk was installed
    but never seeded here) has no capacity to check: it is taken as having room."""
    state = locker_state(conn, site_id, request.start)
    if not state.sizes and not state.known:
        return True
    return fits(state.sizes, state.occupied, state.reserved, request.hold())


def extension_fits(conn: Connection, site_id: str, parcel: dict[str, Any], new_end: datetime,
                   now: datetime) -> bool:
    """Whether a deposited parcel may stay in its compartment until `new_end` without leaving the
    locker's reservations unmatched: its compartment is held until its deadline already, so only the
    added stretch [old deadline, new_end) is a new need — of its compartment's size or larger, which
    for nested sizes is the same as that very compartment (a larger one taken instead frees this one
    for whatever needed it). An expired parcel holds its compartment until collected: extending it only
    shortens that. A compartment out of service (or unknown here) is not in the supply at all."""
    if parcel.get("status") != "deposited" or not parcel.get("expires_at"):
        return True
    compartment_id = str(parcel.get("compartment_id") or "")
    compartment = _keyed(conn, site_id, "compartment", {compartment_id}).get(compartment_id)
    if compartment is None or compartment.get("state") in OUT:
        return True
    old_end = max(parse_iso(parcel["expires_at"]), now)
    if new_end <= old_end:
        return True
    state = locker_state(conn, site_id, now)
    return fits(state.sizes, state.occupied, state.reserved, Hold(rank(compartment.get("size_class")), old_end,
                                                                  new_end))


def reserve(conn: Connection, site_id: str, requested_site_id: str, parcel_id: str, tracking_number: str,
            request: Request) -> None:
    hold = request.hold()
    conn.execute(insert(locker_reservations).values(
        parcel_id=parcel_id, site_id=site_id, requested_site_id=requested_site_id, tracking_number=tracking_number,
        size_class=SIZES[hold.rank], starts_at=iso(hold.start), expected_at=iso(request.expected_at),
        ends_at=iso(hold.end), released_at=None, reason=None))


def redirected(conn: Connection, requested_site_id: str, tracking_number: str) -> str | None:
    """The site a parcel announced for `requested_site_id` was redirected to, if it was."""
    r = locker_reservations.c
    return conn.execute(select(r.site_id).where(r.requested_site_id == requested_site_id,
                                                r.tracking_number == tracking_number,
                                                r.site_id != requested_site_id)).scalar()


def _position(conn: Connection, site_id: str) -> tuple[float, float] | None:
    s = schema.sites.c
    row = conn.execute(select(s.latitude, s.longitude).where(s.id == site_id)).first()
    return (row.latitude, row.longitude) if row and row.latitude is not None and row.longitude is not None else None


def nearest_with_room(conn: Connection, site_id: str, request: Request) -> dict[str, Any] | None:
    """The nearest other locker (by geodesic distance) where the parcel fits now: {site_id, name,
    distance_km}, or None when the full locker has no position or no locker with a position has room.
    Other sites are read without their locks; the redirected announcement checks again under its lock."""
    here = _position(conn, site_id)
    if here is None:
        return None
    s = schema.sites.c
    others = conn.execute(select(s.id, s.name, s.latitude, s.longitude).where(
        s.kind == "locker", s.id != site_id, s.latitude.is_not(None), s.longitude.is_not(None))).all()
    for km, other in sorted((geodesic(here, (o.latitude, o.longitude)).km, o) for o in others):
        if has_room(conn, other.id, request):
            return {"site_id": other.id, "name": other.name, "distance_km": round(km, 2)}
    return None


def full_error(conn: Connection, site_id: str, request: Request) -> IntegrationError:
    alternative = nearest_with_room(conn, site_id, request)
    where = (f" The nearest locker with room is {alternative['site_id']} ({alternative['distance_km']} km); "
             "announce the parcel with allow_redirect: true to send it there." if alternative
             else " No locker nearby has room either.")
    error = IntegrationError(409, "locker_full", f"Locker {site_id} has no compartment of size "
                             f"{request.size_class or SIZES[0]} or larger free for this parcel's window.{where}")
    error.extra = {"alternative": alternative}
    return error


def set_position(engine: Engine, site_id: str, latitude: float, longitude: float) -> None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"{latitude}, {longitude} is not a position (latitude -90..90, longitude -180..180).")
    with engine.begin() as conn:
        s = schema.sites.c
        if conn.execute(select(s.id).where(s.id == site_id)).first() is None:
            raise LookupError(f"There is no site {site_id}.")
        conn.execute(update(schema.sites).where(s.id == site_id).values(latitude=latitude, longitude=longitude))


def cancel(engine: Engine, parcel_id: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Cancel a parcel not yet deposited: it becomes `cancelled` (kiosks pull that, and refuse to take
    it) and its reservation is released. A parcel already in the locker is refused (409)."""
    from backend.pickup_windows import parcel_in_store

    moment = now or datetime.now(UTC)
    with engine.begin() as conn:
        store, parcel = parcel_in_store(conn, parcel_id)
        status = parcel.get("status")
        if status == "cancelled":
            return {"parcel_id": parcel_id, "status": "cancelled", "result": "unchanged"}
        if status != "announced":
            raise IntegrationError(409, "already_deposited", f"Parcel {parcel.get('tracking_number', parcel_id)} "
                                   f"is {status}; only a parcel not yet deposited can be cancelled.")
        parcel["status"] = "cancelled"
        store.upsert("parcel", parcel)
        release(conn, parcel_id, "cancelled", iso(moment))
        store.flush()
    return {"parcel_id": parcel_id, "status": "cancelled", "result": "cancelled"}


def tomorrow(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The site-local day after `moment`: its first moment and the next day's (a DST day is 23 or 25 h)."""
    date = moment.astimezone(zone).date() + timedelta(days=1)
    return (datetime.combine(date, time(0), tzinfo=zone).astimezone(UTC),
            datetime.combine(date + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC))


def forecast(engine: Engine, site_id: str | None = None, *, now: datetime | None = None) -> dict[str, Any]:
    """Tomorrow's expected peak fill per locker — tomorrow as the people at the locker read it, the day
    after `now` on the site's clock (backend/site_time.py): parcels in it that are still held then, plus
    reservations expected to be deposited by then and still held. `day` is that date (the first
    locker's; each locker's own is beside it, should the fleet span time zones)."""
    moment = now or datetime.now(UTC)
    answer = []
    with read_conn(engine) as conn, conn.begin():
        s = schema.sites.c
        query = select(s.id, s.name).where(s.kind == "locker").order_by(s.id)
        sites = conn.execute(query if site_id is None else query.where(s.id == site_id)).all()
        # no locker to answer for: the date is still tomorrow's on the (asked site's or default) clock
        date = (moment.astimezone(site_zone(conn, site_id or "")).date() + timedelta(days=1)).isoformat()
        for site in sites:
            zone = site_zone(conn, site.id)
            day, end = tomorrow(moment, zone)
            state = locker_state(conn, site.id, moment)
            expected = [Hold(h.rank, max(h.start, day), h.end) for h in state.expected if h.end > day]
            holds = [*state.occupied, *expected]
            moments = sorted({day} | {h.start for h in expected if day <= h.start < end})
            peak, at = 0, day
            for point in moments:
                count = sum(1 for h in holds if h.start <= point < h.end)
                if count > peak:
                    peak, at = count, point
            total = state.compartments
            answer.append({"site_id": site.id, "name": site.name, "compartments": total, "expected_peak": peak,
                           "expected_fill": round(peak / total, 3) if total else None,
                           "peak_at": iso(at), "day": day.astimezone(zone).date().isoformat()})
    return {"day": answer[0]["day"] if answer else date, "lockers": answer}
