"""Locker KPIs (DESIGN §8) read from the lockers' history, as of the window's stop.

Why history and not the current rows: `ParcelPickedUp` / `ParcelCollected` clear
`parcels.compartment_id`, and compartment states are overwritten in place, so today's rows say
neither where a parcel that has left was nor whether a compartment was in service at a past
moment. Both are in what the locker ops record as they happen:

* where a parcel was: its compartment while it is in, else the compartment its deposit audited
  (`parcel_deposited` / `return_dropped`, details.compartment_id; migration 0062 indexes it). It
  occupied that compartment over [deposited_at, picked_up_at or collected_at) — an expired parcel
  still occupies it until it is collected;
* what state a compartment was in: the last of these at or before the moment — a door_fault
  exception about it (CompartmentFaulted, a failed unlock, a reconciled fault: FAULT), the audited
  CompartmentOutOfService (OUT_OF_SERVICE) or CompartmentBackInService (in service). Before its
  first such event a compartment was in service; a compartment with no event at all is taken in
  its current state (its state came by sync or install, with no history here: stated limitation).

Readings (the module docstring of kpis.py has the common rules):

locker_utilisation
    At stop: occupied ÷ active compartments. Active = not OUT_OF_SERVICE at stop. Occupied = active
    at stop and holding a parcel then (deposited_at <= stop < its end).
locker_utilisation_tw
    Σ over compartments of the time in the window it was both active and occupied ÷ Σ over
    compartments of the time in the window it was active. A compartment's parcels' intervals are
    merged first, so the numerator never exceeds the denominator: the figure is in [0, 1] by
    construction, whatever the rows say.
door_faults.out_of_service / .faulted
    Compartments OUT_OF_SERVICE / FAULT at stop."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from terminal.clock import parse_iso
from terminal.stats.reader import SqlDb
from terminal.stats.window import Window

IN_SERVICE, FAULT, OUT_OF_SERVICE = "IN_SERVICE", "FAULT", "OUT_OF_SERVICE"
Span = tuple[datetime, datetime]

# Every event that sets a compartment's state, with the state it sets, in time order. The audit
# rows are the ops' own records; a fault is the door_fault exception the faulting op raised.
_STATE_EVENTS = """
    SELECT ref_id, at, CASE action WHEN 'compartment_out_of_service' THEN 'OUT_OF_SERVICE'
                                   ELSE 'IN_SERVICE' END
    FROM audit_log
    WHERE action IN ('compartment_out_of_service', 'compartment_back_in_service') AND at <= :stop
    UNION ALL
    SELECT ref_id, raised_at, 'FAULT' FROM exceptions
    WHERE kind = 'door_fault' AND ref_type = 'compartment' AND raised_at <= :stop
    ORDER BY 2"""

# The parcels that occupied a compartment at some time in [start, stop], with that compartment.
# Found as the parcels still in plus those that left after start (three index ranges, migration
# 0062), not by every parcel ever deposited before stop: a locker's history only grows.
_OCCUPANCY = """
    SELECT coalesce(p.compartment_id,
                    (SELECT json_extract(a.details, '$.compartment_id') FROM audit_log a
                     WHERE a.ref_id = p.id AND a.action IN ('parcel_deposited', 'return_dropped')
                     ORDER BY a.id DESC LIMIT 1)),
           p.deposited_at, coalesce(p.picked_up_at, p.collected_at)
    FROM parcels p
    WHERE p.rowid IN (SELECT rowid FROM parcels INDEXED BY parcels_still_in
                      WHERE picked_up_at IS NULL AND collected_at IS NULL
                        AND deposited_at <= :stop
                      UNION SELECT rowid FROM parcels WHERE picked_up_at > :start
                      UNION SELECT rowid FROM parcels WHERE collected_at > :start)
      AND p.deposited_at <= :stop AND p.status <> 'cancelled'
      AND (coalesce(p.picked_up_at, p.collected_at) IS NULL OR coalesce(p.picked_up_at, p.collected_at) > :start)"""


@dataclass(frozen=True)
class History:
    """Each compartment's state changes up to stop, and each one's current state."""

    events: dict[str, list[tuple[datetime, str]]]
    current: dict[str, str]

    def state_at(self, compartment: str, moment: datetime) -> str:
        changes = self.events.get(compartment)
        if not changes:
            return self.current[compartment]
        i = bisect_right([at for at, _ in changes], moment)
        return changes[i - 1][1] if i else IN_SERVICE

    def active_spans(self, compartment: str, start: datetime, stop: datetime) -> list[Span]:
        """Where in [start, stop) the compartment was not out of service."""
        spans: list[Span] = []
        begin = start if self.state_at(compartment, start) != OUT_OF_SERVICE else None
        for at, state in self.events.get(compartment, []):
            if not start < at < stop:
                continue
            if state == OUT_OF_SERVICE and begin is not None:
                spans.append((begin, at))
                begin = None
            elif state != OUT_OF_SERVICE and begin is None:
                begin = at
        if begin is not None and begin < stop:
            spans.append((begin, stop))
        return spans


def history(db: SqlDb, w: Window) -> History:
    current = {str(c): IN_SERVICE if s not in (FAULT, OUT_OF_SERVICE) else str(s)
               for c, s in db.execute("SELECT id, state FROM compartments").fetchall()}
    events: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for compartment, at, state in db.execute(_STATE_EVENTS, w.params()).fetchall():
        if compartment in current:
            events[compartment].append((parse_iso(at), state))
    return History(dict(events), current)


def _occupancy(db: SqlDb, w: Window, known: dict[str, str]) -> dict[str, list[Span]]:
    """Each compartment's occupied spans clipped to [start, stop], merged (no overlaps)."""
    found: dict[str, list[Span]] = defaultdict(list)
    for compartment, deposited, left in db.execute(_OCCUPANCY, w.params()).fetchall():
        if compartment not in known:
            continue
        begin, end = max(parse_iso(deposited), w.start), min(parse_iso(left) if left else w.stop, w.stop)
        if begin <= end:
            found[compartment].append((begin, end))
    return {c: merge(spans) for c, spans in found.items()}


def merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _overlap_s(a: list[Span], b: list[Span]) -> float:
    """Seconds two sorted, merged span lists share."""
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        begin, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if end > begin:
            total += (end - begin).total_seconds()
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def locker_counts(db: SqlDb, w: Window, seen: History | None = None) -> tuple[float, float]:
    """(occupied, active) compartments at stop."""
    past = seen or history(db, w)
    active = {c for c in past.current if past.state_at(c, w.stop) != OUT_OF_SERVICE}
    if not active:
        return 0, 0
    # [start, stop] shrunk to the moment stop: parcels deposited by stop that had not left at stop
    at_stop = {**w.params(), "start": w.params()["stop"]}
    occupied = {c for c, _, _ in db.execute(_OCCUPANCY, at_stop).fetchall() if c in active}
    return len(occupied), len(active)


def locker_tw_counts(db: SqlDb, w: Window, seen: History | None = None) -> tuple[float, float]:
    """(occupied compartment-seconds, active compartment-seconds) over the window, both while active."""
    past = seen or history(db, w)
    if not past.current or w.stop <= w.start:
        return 0.0, 0.0
    occupancy = _occupancy(db, w, past.current)
    occupied = active = 0.0
    for compartment in past.current:
        spans = past.active_spans(compartment, w.start, w.stop)
        active += sum((end - begin).total_seconds() for begin, end in spans)
        occupied += _overlap_s(occupancy.get(compartment, []), spans)
    return round(occupied, 3), round(active, 3)


def compartment_states(db: SqlDb, w: Window, seen: History | None = None) -> tuple[int, int, int]:
    """(compartments, out of service, faulted) at stop."""
    past = seen or history(db, w)
    states = [past.state_at(c, w.stop) for c in past.current]
    return len(states), states.count(OUT_OF_SERVICE), states.count(FAULT)
