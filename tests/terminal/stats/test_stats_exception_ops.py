"""Acknowledge and reassign on the exceptions queue go through named ops and the outbox."""

from __future__ import annotations

import pytest
from stats_rows import Rows, at

from terminal.clock import FixedClock
from terminal.errors import OpRejected
from terminal.ops import apply_op


def _exception_id(rows: Rows) -> str:
    rows.exception("short_pick", at(1), ref_id="t1")
    return rows.db.execute("SELECT id FROM exceptions").fetchone()[0]


def test_acknowledge_then_reassign(rows: Rows, clock: FixedClock) -> None:
    rows.db.execute("INSERT INTO users (id, name, roles) VALUES ('sv', 'Sup', 'supervisor')")
    exc = _exception_id(rows)
    applied = apply_op(rows.db, "ExceptionAcknowledged", {"exception_id": exc, "user_id": "sv"}, clock=clock)
    apply_op(rows.db, "ExceptionReassigned", {"exception_id": exc, "user_id": "sv", "assigned_to": "p2"}, clock=clock)
    row = rows.db.execute("SELECT status, acknowledged_by, acknowledged_at, assigned_to FROM exceptions").fetchone()
    assert tuple(row) == ("acknowledged", "sv", applied.at, "p2")
    names = [r[0] for r in rows.db.execute("SELECT name FROM outbox ORDER BY seq")]
    assert names == ["ExceptionAcknowledged", "ExceptionReassigned"]
    with pytest.raises(OpRejected) as twice:
        apply_op(rows.db, "ExceptionAcknowledged", {"exception_id": exc, "user_id": "sv"}, clock=clock)
    assert twice.value.code == "already_acknowledged"


def test_unknown_exception_or_person_is_refused(rows: Rows, clock: FixedClock) -> None:
    exc = _exception_id(rows)
    with pytest.raises(OpRejected) as unknown:
        apply_op(rows.db, "ExceptionAcknowledged", {"exception_id": "nope", "user_id": "p1"}, clock=clock)
    assert unknown.value.code == "unknown_exception"
    with pytest.raises(OpRejected) as nobody:
        apply_op(rows.db, "ExceptionReassigned", {"exception_id": exc, "user_id": "p1", "assigned_to": "ghost"},
                 clock=clock)
    assert nobody.value.code == "unknown_user"
    assert rows.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_scan_recorded_counts_in_the_scan_error_rate_and_hides_tokens(rows: Rows, clock: FixedClock) -> None:
    from datetime import timedelta

    from terminal.stats.kpis import scan_error_per_1000
    from terminal.stats.window import Window

    for accepted in (True, True, True, False):
        apply_op(rows.db, "ScanRecorded", {"user_id": "p1", "context": "picking", "raw": "5901234123457",
                                           "kind": "item", "accepted": accepted}, clock=clock)
    apply_op(rows.db, "ScanRecorded", {"context": "kiosk", "raw": "HQR:secret", "kind": "pickup_token",
                                       "accepted": True}, clock=clock)
    w = Window(clock.now(), clock.now() + timedelta(seconds=1), clock.now() + timedelta(seconds=1))
    assert scan_error_per_1000(rows.db, w) == 1000 * 1 / 5   # 1 rejected of 5 scans
    assert rows.db.execute("SELECT raw FROM scan_events WHERE context = 'kiosk'").fetchone()[0] == "***"
