"""Hours of KPI parts, and how the hours of one window join into the window's parts.

The projection (backend/stats_projector.py) keeps, per site, the parts (terminal/stats/pooled.py's
`kpi_parts`, the terminal's own SQL) of every hour [h, h + 1 h), each taken at the hour's end — or
at the projection's moment `as_of` for the hour still running. A window made of whole hours is
then answered from its hours alone, whatever the length of the history before it:

* what happened in the window — the OTST and dwell values, the numerators and denominators of
  every rate (lines and picker-hours, occupied and active compartment-seconds, …) and the door
  faults raised — is the union or the sum of its hours' (each is counted by a moment in the
  window, or by the overlap of a span with it, so disjoint hours add up exactly);
* what is read at the window's stop — at_risk and late, the locker utilisation now, and the
  compartments out of service or faulted — is the last hour's, which was taken at that stop.

A window that does not start or end on the hour is widened to whole hours (the answer says so)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from terminal.stats.pooled import Parts

BUCKET = timedelta(hours=1)
LISTS = ("otst", "dwell", "dock_to_stock", "ret_processing", "ret_restock")
SUMS = ("on_time", "perfect_order", "scan_error", "fill", "locker_tw", "first_attempt", "pick", "pack",
        "count_accuracy", "ret_rate")
AT_STOP = ("locker", "risk")


def bucket_of(moment: datetime) -> datetime:
    """The start of the hour `moment` is in (UTC)."""
    moment = moment.astimezone(UTC)
    return moment.replace(minute=0, second=0, microsecond=0)


def bucket_after(moment: datetime) -> datetime:
    """The first hour boundary at or after `moment`."""
    start = bucket_of(moment)
    return start if start == moment.astimezone(UTC) else start + BUCKET


def _door_faults(hours: Sequence[Parts]) -> dict[str, Any] | None:
    found = [h["door_faults"] for h in hours if h["door_faults"] is not None]
    if not found:
        return None
    last = hours[-1]["door_faults"] or {"out_of_service": 0, "faulted": 0}
    by_kind: dict[str, int] = {}
    for faults in found:
        for kind, n in faults["by_kind"].items():
            by_kind[kind] = by_kind.get(kind, 0) + int(n)
    return {"total": sum(int(f["total"]) for f in found), "by_kind": dict(sorted(by_kind.items())),
            "out_of_service": int(last["out_of_service"]), "faulted": int(last["faulted"])}


def join_hours(hours: Sequence[Parts]) -> Parts:
    """The parts of the window the consecutive `hours` (oldest first) make up, as the module says."""
    if not hours:
        raise ValueError("join_hours needs at least one hour of parts")
    # .get: hours projected before a part existed have none of it (a sum then counts 0 of 0)
    joined: Parts = {name: [v for h in hours for v in h.get(name, ())] for name in LISTS}
    for name in SUMS:
        of = [h.get(name) or [0, 0] for h in hours]
        joined[name] = [sum(float(p[0] or 0) for p in of), sum(float(p[1] or 0) for p in of)]
    for name in AT_STOP:
        joined[name] = hours[-1][name]
    joined["door_faults"] = _door_faults(hours)
    missing = set(hours[0]) - set(joined)
    if missing:     # a part added to pooled.py must be given its joining rule here
        raise KeyError(f"no rule to join the KPI part(s) {sorted(missing)} over hours")
    return joined
