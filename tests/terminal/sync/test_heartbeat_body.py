"""Whatever a terminal's devices say and however far its clock is off, the heartbeat it builds is one the
backend accepts: a device message with a NUL or a lone surrogate, a text too long, an op "from the
future" or from decades ago would otherwise get every heartbeat of that terminal refused (422)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.fleet_models import HeartbeatIn
from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.health import DeviceHealth
from terminal.lockers.site import install_site
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync.heartbeat import MAX_AGE_S, build_heartbeat


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(port=st.text(max_size=300), message=st.text(max_size=300), error=st.text(max_size=80),
       boards=st.dictionaries(st.integers(0, 15), st.booleans(), max_size=16),
       skew_s=st.floats(-1e12, 1e12, allow_nan=False), connected=st.booleans())
def test_any_heartbeat_a_terminal_builds_is_valid_for_the_backend(tmp_path: Path, port: str, message: str,
                                                                   error: str, boards: dict[int, bool],
                                                                   skew_s: float, connected: bool) -> None:
    path = tmp_path / "t.db"
    db = open_db(path, create=True)
    try:
        if db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0:
            install_site(db, "LK1")
            apply_op(db, "CompartmentFaulted", {"compartment_id": "LK1-b0-l01", "reason": "r"}, clock=FixedClock())
        registry = DeviceHealth()
        registry.boards_checked(boards)
        registry.scanner(port, "ok" if connected else "problem", message)
        clock = FixedClock()
        clock.advance(timedelta(seconds=max(-1e9, min(skew_s, 1e9))))
        body = build_heartbeat(db, path, Settings({}), clock, sync_error=error, registry=registry)
    finally:
        db.close()
    beat = HeartbeatIn.model_validate_json(msgspec.json.encode(body))     # as the backend reads the wire
    assert [(b.board, b.online) for b in beat.boards] == sorted(boards.items())
    assert beat.outbox_size == 1 and beat.doors_faulted == 1 and 0 <= beat.outbox_age_s <= MAX_AGE_S
    assert beat.scanner.state == ("ok" if connected else "problem")
