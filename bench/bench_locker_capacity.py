"""Announcing a parcel with the capacity check (backend/capacity.py) against the same announcement at a
locker whose compartments the backend does not know (no check): the baseline, measured in the same run
on the same SQLite store. The checked locker has 300 compartments, 100 parcels inside, 2,000 parcels
it held before (picked up: the check must not read them) and a growing number of active reservations."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from backend import auth
from backend.changes import EntityStore, seed_entities
from backend.db import make_engine, migrate
from backend.integration import announce_parcel
from backend.models import ParcelIn
from backend.notify import RecordingNotifier
from bench.table import Row, percentile

ANNOUNCEMENTS = 200
HISTORY = 2000
INSIDE = 100


def _seed(engine, site: str, compartments: int) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        auth.ensure_site(conn, site, kind="locker")
        if not compartments:
            return
        seed_entities(conn, site, "compartment", [
            {"id": f"{site}-C{i}", "site_id": site, "board_id": None, "lock_no": i % 16, "size_class": "ABC"[i % 3],
             "column_no": 1, "row_no": i, "state": "FREE", "door": "closed", "fault_reason": None}
            for i in range(compartments)])
        seed_entities(conn, site, "parcel", [
            {"id": f"{site}-H{i}", "site_id": site, "tracking_number": f"{site}-H{i}", "kind": "delivery",
             "status": "picked_up" if i >= INSIDE else "deposited", "compartment_id": f"{site}-C{i}"
             if i < INSIDE else None, "expires_at": "2099-01-01T00:00:00.000+00:00", "announced_at": "2026-01-01"}
            for i in range(HISTORY + INSIDE)])
        store = EntityStore(conn, site)
        for i in range(INSIDE):
            store.upsert("occupancy", {"parcel_id": f"{site}-H{i}"}, key=f"{site}-C{i}")
        store.flush()


def _announce(engine, site: str) -> list[float]:  # type: ignore[no-untyped-def]
    notifier = RecordingNotifier()
    samples = []
    for n in range(ANNOUNCEMENTS):
        body = ParcelIn(site_id=site, tracking_number=f"{site}-N{n}", recipient_phone="600100200", size_class="A")
        started = time.perf_counter()
        announce_parcel(engine, body, notifier)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'capacity.db'}")
        migrate(engine)
        _seed(engine, "CHECKED", 300)
        _seed(engine, "PLAIN", 0)
        baseline = _announce(engine, "PLAIN")
        checked = _announce(engine, "CHECKED")
        engine.dispose()
    base50, check50 = percentile(baseline, 0.5), percentile(checked, 0.5)
    return [Row("lockers", "announce with the capacity check, p50 / p99 (ms)",
                f"{check50:.2f} / {percentile(checked, 0.99):.2f}", "",
                f"{check50 / base50:.2f}× the same announcement without the check ({base50:.2f} ms p50); "
                f"300 compartments, {INSIDE} inside, {HISTORY} picked up, up to {ANNOUNCEMENTS} reserved")]
