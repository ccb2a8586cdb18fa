"""Acknowledge and reassign on the exceptions queue go through named ops and the outbox."""

from __future__ import annotations

import pytest
from shift_ops import T0, Shift

from terminal.clock import FixedClock
from terminal.errors import OpRejected
from terminal.ops import apply_op


def _exception_id(shift: Shift) -> str:
    """A short pick's exception, raised by PickShorted."""
    shift.pick(T0, shift.order(created=T0), picked=[0])
    return shift.db.execute("SELECT id FROM exceptions WHERE kind = 'short_pick'").fetchone()[0]


def test_acknowledge_then_reassign(shift: Shift, clock: FixedClock) -> None:
    shift.pulled("user", id="sv", name="Sup", roles="supervisor")
    exc = _exception_id(shift)
    applied = apply_op(shift.db, "ExceptionAcknowledged", {"exception_id": exc, "user_id": "sv"}, clock=clock)
    apply_op(shift.db, "ExceptionReassigned", {"exception_id": exc, "user_id": "sv", "assigned_to": "p2"}, clock=clock)
    row = shift.db.execute("SELECT status, acknowledged_by, acknowledged_at, assigned_to FROM exceptions").fetchone()
    assert tuple(row) == ("acknowledged", "sv", applied.at, "p2")
    names = [r[0] for r in shift.db.execute("SELECT name FROM outbox WHERE name LIKE 'Exception%' ORDER BY seq")]
    assert names == ["ExceptionAcknowledged", "ExceptionReassigned"]
    with pytest.raises(OpRejected) as twice:
        apply_op(shift.db, "ExceptionAcknowledged", {"exception_id": exc, "user_id": "sv"}, clock=clock)
    assert twice.value.code == "already_acknowledged"


def test_unknown_exception_or_person_is_refused(shift: Shift, clock: FixedClock) -> None:
    exc = _exception_id(shift)
    queued = shift.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    with pytest.raises(OpRejected) as unknown:
        apply_op(shift.db, "ExceptionAcknowledged", {"exception_id": "nope", "user_id": "p1"}, clock=clock)
    assert unknown.value.code == "unknown_exception"
    with pytest.raises(OpRejected) as nobody:
        apply_op(shift.db, "ExceptionReassigned", {"exception_id": exc, "user_id": "p1", "assigned_to": "ghost"},
                 clock=clock)
    assert nobody.value.code == "unknown_user"
    assert shift.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == queued   # nothing more queued


def test_scan_recorded_counts_in_the_scan_error_rate_and_hides_tokens(shift: Shift, clock: FixedClock) -> None:
    from datetime import timedelta

    from terminal.stats.kpis import scan_error_per_1000
    from terminal.stats.window import Window

    for accepted in (True, True, True, False):
        apply_op(shift.db, "ScanRecorded", {"user_id": "p1", "context": "picking", "raw": "5901234123457",
                                           "kind": "item", "accepted": accepted}, clock=clock)
    apply_op(shift.db, "ScanRecorded", {"context": "kiosk", "raw": "HQR:secret", "kind": "pickup_token",
                                       "accepted": True}, clock=clock)
    w = Window(clock.now(), clock.now() + timedelta(seconds=1), clock.now() + timedelta(seconds=1))
    assert scan_error_per_1000(shift.db, w) == 1000 * 1 / 5   # 1 rejected of 5 scans
    assert shift.db.execute("SELECT raw FROM scan_events WHERE context = 'kiosk'").fetchone()[0] == "***"
