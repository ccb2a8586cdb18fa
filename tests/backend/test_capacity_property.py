"""Property tests of locker capacity (backend/capacity.py).

* `fits` (Hall's condition by size) says yes exactly when, at every moment, the held parcels can be
  matched to distinct free compartments of their size or larger (a brute-force bipartite matching).
* Through the store (announce, deposit, pick up, expire, collect, cancel, time passing): the active
  reservations never exceed the locker's capacity, and every parcel no longer waiting to be
  deposited has its reservation released."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from locker_world import add_locker, kiosk_of, push
from sqlalchemy import Engine, select

from backend.capacity import SIZES, Hold, fits, locker_state
from backend.db import make_engine, migrate
from backend.integration import IntegrationError, announce_parcel
from backend.locker_schema import locker_reservations
from backend.models import ParcelIn
from backend.notify import RecordingNotifier
from backend.pickup_windows import set_rules
from terminal.clock import iso

T0 = datetime(2026, 5, 4, 8, tzinfo=UTC)


def _matchable(sizes: list[int], needs: list[int]) -> bool:
    """A perfect matching of needs into compartments of rank >= need (augmenting paths)."""
    owner: dict[int, int] = {}

    def place(parcel: int, seen: set[int]) -> bool:
        for comp, size in enumerate(sizes):
            if size >= needs[parcel] and comp not in seen:
                seen.add(comp)
                if comp not in owner or place(owner[comp], seen):
                    owner[comp] = parcel
                    return True
        return False

    return all(place(parcel, set()) for parcel in range(len(needs)))


def _holds(max_size: int = 2) -> st.SearchStrategy[Hold]:
    return st.builds(lambda r, s, d: Hold(r, T0 + timedelta(hours=s), T0 + timedelta(hours=s + d)),
                     st.integers(0, max_size), st.integers(0, 10), st.integers(1, 8))


@settings(max_examples=300, deadline=None)
@given(sizes=st.lists(st.integers(0, 2), max_size=6), reserved=st.lists(_holds(), max_size=6), new=_holds())
def test_fits_is_a_matching_at_every_moment(sizes, reserved, new):
    expected = True
    for hour in range(0, 20):
        moment = T0 + timedelta(hours=hour)
        if not new.start <= moment < new.end:
            continue
        needs = [h.rank for h in [*reserved, new] if h.start <= moment < h.end]
        expected = expected and _matchable(sizes, needs)
    assert fits(sizes, [], reserved, new) == expected


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 2), min_size=1, max_size=5), occupied=st.lists(st.integers(0, 4), max_size=5,
                                                                                    unique=True),
       reserved=st.lists(_holds(), max_size=5), new=_holds())
def test_a_deposited_parcel_takes_its_own_compartment(sizes, occupied, reserved, new):
    """Occupied compartments are removed from the supply as they are (not as 'a size or larger')."""
    inside = [Hold(sizes[i], T0, T0 + timedelta(days=9)) for i in occupied if i < len(sizes)]
    free = list(sizes)
    for hold in inside:
        free.remove(hold.rank)
    assert fits(sizes, inside, reserved, new) == fits(free, [], reserved, new)


def _locker(folder: Path, sizes: str, *, max_extensions: int) -> tuple[Engine, str]:
    """A fresh SQLite store with locker LK1 of `sizes`, a 24 h hold extended by 12 h, and its kiosk."""
    engine = make_engine(f"sqlite:///{folder / 'b.db'}")
    migrate(engine)
    add_locker(engine, "LK1", sizes)
    set_rules(engine, "*", "*", hold_hours=24, max_extensions=max_extensions, extension_hours=12)
    return engine, kiosk_of(engine, "LK1")


def _announce(engine: Engine, number: int, size: int, now: datetime, lead_hours: int) -> str | None:
    """Announce parcel T<number> of size rank `size`, expected `lead_hours` from now; None when full."""
    body = ParcelIn(site_id="LK1", tracking_number=f"T{number}", recipient_phone="600100200",
                    size_class=SIZES[size], expected_deposit_at=iso(now + timedelta(hours=lead_hours)))
    try:
        return str(announce_parcel(engine, body, RecordingNotifier(), now=now)["parcel_id"])
    except IntegrationError as exc:
        assert exc.code == "locker_full"
        return None


ACTIONS = st.lists(st.tuples(st.sampled_from(["announce", "announce", "deposit", "pickup", "expire", "collect",
                                              "cancel", "wait"]),
                             st.integers(0, 2), st.integers(0, 30)), min_size=1, max_size=14)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(sizes=st.text(alphabet="ABC", min_size=1, max_size=4), actions=ACTIONS)
def test_reservations_never_exceed_capacity_and_are_released_on_every_path(tmp_path_factory, sizes, actions):
    engine, kiosk = _locker(tmp_path_factory.mktemp("capacity"), sizes, max_extensions=1)
    from backend.capacity import cancel

    now, numbers = T0, itertools.count()
    status: dict[str, str] = {}          # parcel id -> what the test did to it
    compartment_of: dict[str, str] = {}
    for action, size, hours in actions:
        if action == "wait":
            now += timedelta(hours=hours)
        elif action == "announce":
            announced = _announce(engine, next(numbers), size, now, hours)
            if announced:
                status[announced] = "announced"
        else:
            wanted = {"deposit": "announced", "cancel": "announced", "pickup": "deposited",
                      "expire": "deposited", "collect": "expired"}[action]
            candidates = sorted(p for p, s in status.items() if s == wanted)
            if not candidates:
                continue
            parcel_id = candidates[size % len(candidates)]
            if action == "cancel":
                cancel(engine, parcel_id, now=now)
                status[parcel_id] = "cancelled"
                continue
            if action == "deposit":
                taken = set(compartment_of.values())
                free = [f"LK1-C{i}" for i in range(1, len(sizes) + 1) if f"LK1-C{i}" not in taken]
                if not free:
                    continue
                # a courier on time: within the window the reservation was admitted for (a late one
                # overruns it, as a real late courier does; the next announcements see the parcel inside)
                window_end = _reservation_end(engine, parcel_id)
                if now >= window_end:
                    continue
                compartment_of[parcel_id] = free[0]
                _deposit(engine, kiosk, parcel_id, free[0], now, window_end)
                status[parcel_id] = "deposited"
            else:
                name = {"pickup": "ParcelPickedUp", "expire": "ParcelExpired", "collect": "ParcelCollected"}[action]
                push(engine, kiosk, "LK1", name, {"parcel_id": parcel_id}, at=iso(now))
                status[parcel_id] = {"pickup": "picked_up", "expire": "expired", "collect": "collected"}[action]
                if action != "expire":
                    compartment_of.pop(parcel_id)
        _check(engine, now, status)
    engine.dispose()


def _deposit(engine: Engine, kiosk: str, parcel_id: str, compartment: str, now: datetime,
             window_end: datetime) -> None:
    """The kiosk's deposit fact: the parcel held a day, or to the end of its reservation's window."""
    push(engine, kiosk, "LK1", "ParcelDeposited", {"parcel_id": parcel_id, "compartment_id": compartment,
                                                   "expires_at": iso(min(now + timedelta(hours=24), window_end))},
         at=iso(now))


def _reservation_end(engine, parcel_id: str) -> datetime:
    from terminal.clock import parse_iso

    with engine.connect() as conn:
        ends_at = conn.execute(select(locker_reservations.c.ends_at)
                               .where(locker_reservations.c.parcel_id == parcel_id)).scalar_one()
    return parse_iso(ends_at)


def _check(engine, now: datetime, status: dict[str, str]) -> None:
    with engine.connect() as conn:
        rows = {row.parcel_id: row for row in conn.execute(select(locker_reservations))}
        state = locker_state(conn, "LK1", now)
    for parcel_id, did in status.items():
        row = rows[parcel_id]
        if did == "announced":
            assert row.released_at is None or row.reason == "window_passed", (parcel_id, did, row)
        else:
            # every path after the announcement released it: the deposit, the cancellation, or time
            assert row.released_at is not None, (parcel_id, did, row)
            assert row.reason in ("deposited", "cancelled", "window_passed"), (parcel_id, did, row)
    # what is still held fits the locker at every moment from now on (nothing overbooked)
    for moment in sorted({now} | {h.start for h in state.reserved if h.start >= now}):
        free = list(state.sizes)
        for hold in state.occupied:
            if hold.start <= moment < hold.end:
                free.remove(hold.rank)
        needs = [h.rank for h in state.reserved if h.start <= moment < h.end]
        assert _matchable(free, needs), (moment, free, needs)


#: weighted towards what makes an overdue parcel meet new announcements: deposits, long waits, extensions
EXTENSIONS = st.lists(st.tuples(st.sampled_from(["announce"] * 3 + ["deposit"] * 3 + ["extend"] * 2
                                                + ["wait", "pickup", "expire"]),
                                st.integers(0, 2), st.sampled_from([1, 6, 25, 30])), min_size=2, max_size=14)
#: then, always, the case in question: a parcel deposited, its deadline passing unreported, its
#: compartment announced again, and an extension asked for
OVERDUE = st.builds(lambda s: [("announce", s[0], 1), ("deposit", s[1], 1), ("wait", 0, 25), ("announce", s[2], 1),
                               ("announce", s[3], 1), ("extend", s[4], 1), ("extend", s[5], 1)],
                    st.lists(st.integers(0, 2), min_size=6, max_size=6))


def _extension_matchable(engine, parcel_id: str, compartment: str, rank_of: dict[str, int], now: datetime) -> bool:
    """Brute force: with the parcel kept in its very compartment until the end its extension would give,
    every whole hour of that stretch still matches the other parcels inside and the reservations."""
    from backend.pickup_windows import parcel_in_store
    from terminal.clock import parse_iso

    with engine.begin() as conn:
        _store, held = parcel_in_store(conn, parcel_id)
        state = locker_state(conn, "LK1", now)
    if held["status"] != "deposited":
        return True                      # an expired parcel holds its compartment until collected anyway
    old_end = max(parse_iso(held["expires_at"]), now)
    new_end = old_end + timedelta(hours=12)
    ours = Hold(rank_of[compartment], now, old_end)
    others = list(state.occupied)
    others.remove(ours)
    moment = old_end
    while moment < new_end:
        free = list(state.sizes)
        free.remove(ours.rank)
        for hold in others:
            if hold.start <= moment < hold.end:
                free.remove(hold.rank)
        if not _matchable(free, [h.rank for h in state.reserved if h.start <= moment < h.end]):
            return False
        moment += timedelta(hours=1)
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(sizes=st.text(alphabet="ABC", min_size=1, max_size=3),
       actions=st.builds(lambda a, b: a + b, EXTENSIONS, OVERDUE))
def test_an_extension_is_refused_exactly_when_it_would_overbook_the_locker(tmp_path_factory, sizes, actions):
    """An overdue parcel (its deadline passed, the kiosk has not reported the expiry yet) holds nothing
    in the capacity count, so announcements may take its compartment; extending it then must be refused
    (409 `locker_full_extension`) — and only then: a refusal is exactly a stretch the brute force cannot
    match, and after every accepted one nothing is overbooked from now on."""
    from backend.pickup_windows import extend

    engine, kiosk = _locker(tmp_path_factory.mktemp("extension"), sizes, max_extensions=10)
    rank_of = {f"LK1-C{i}": SIZES.index(size) for i, size in enumerate(sizes, start=1)}
    now, numbers = T0, itertools.count()
    status: dict[str, str] = {}
    compartment_of: dict[str, str] = {}
    size_of: dict[str, int] = {}
    for action, size, hours in actions:
        if action == "wait":
            now += timedelta(hours=hours)
        elif action == "announce":
            announced = _announce(engine, next(numbers), size, now, hours % 7)
            if announced:
                status[announced], size_of[announced] = "announced", size
        else:
            wanted = {"deposit": "announced", "extend": "deposited", "pickup": "deposited",
                      "expire": "deposited"}[action]
            candidates = sorted(p for p, s in status.items() if s in ((wanted, "expired") if action == "extend"
                                                                       else (wanted,)))
            if not candidates:
                continue
            parcel_id = candidates[size % len(candidates)]
            if action == "deposit":
                # as a kiosk offers it: the smallest free compartment the parcel fits
                free = sorted((rank_of[c], c) for c in rank_of
                              if c not in compartment_of.values() and rank_of[c] >= size_of[parcel_id])
                free = [c for _rank, c in free]
                window_end = _reservation_end(engine, parcel_id)
                if not free or now >= window_end:
                    continue
                compartment_of[parcel_id] = free[0]
                _deposit(engine, kiosk, parcel_id, free[0], now, window_end)
                status[parcel_id] = "deposited"
            elif action == "extend":
                matchable = _extension_matchable(engine, parcel_id, compartment_of[parcel_id], rank_of, now)
                try:
                    extend(engine, parcel_id, now=now)
                except IntegrationError as exc:
                    assert exc.code == "locker_full_extension", exc.code
                    assert not matchable
                    assert "cannot wait until" in exc.message
                    event("extension refused")
                else:
                    assert matchable
                    event("extension granted")
                    status[parcel_id] = "deposited"
            else:
                name = {"pickup": "ParcelPickedUp", "expire": "ParcelExpired"}[action]
                push(engine, kiosk, "LK1", name, {"parcel_id": parcel_id}, at=iso(now))
                status[parcel_id] = {"pickup": "picked_up", "expire": "expired"}[action]
                if action == "pickup":
                    compartment_of.pop(parcel_id)
        _check(engine, now, status)
    engine.dispose()
