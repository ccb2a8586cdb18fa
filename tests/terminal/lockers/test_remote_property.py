"""Remote support on a real kiosk database and a lock-board emulator on a pseudo-terminal: whatever is
changed in a command — its fields, its signature, the key that signed it — no door opens unless the
command is exactly the one the backend's key signed for this kiosk, now, in this compartment's state."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.clock import iso
from terminal.ids import new_id
from terminal.lockers.deposit import deposit
from terminal.lockers.remote import decide, process_inbox, receive, save_support_key
from terminal.lockers.site import store_announced_parcel
from terminal.sync import state
from terminal.sync.outbox import acknowledge
from tests.terminal.lockers.conftest import KEY, SITE

BACKEND_KEY = Ed25519PrivateKey.generate()
ATTACKER_KEY = Ed25519PrivateKey.generate()
TERMINAL = "kiosk-1"

# a value for each field that makes the command wrong for this kiosk, now, in this state
WRONG: dict[str, Any] = {
    "v": 2, "kind": "unlock_all", "terminal_id": "kiosk-2", "site_id": "LCK-9", "compartment_id": "other",
    "parcel_id": "someone-elses", "expected_state": "FREE",
}


@pytest.fixture
def ready(kiosk: Any, person: Any) -> tuple[Any, dict[str, Any]]:
    """A kiosk enrolled with the backend's key holding one deposited parcel; the valid command for it."""
    state.put(kiosk.db, terminal_id=TERMINAL, site_id=SITE)
    save_support_key(kiosk.db, BACKEND_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex())
    store_announced_parcel(kiosk.db, KEY, SITE, "TRK-1", phone="600100200", pickup_code="123456")
    placed = deposit(kiosk, "courier-1", "TRK-1")
    assert placed.ok and placed.compartment is not None
    now = kiosk.clock.now()
    command = {"v": 1, "command_id": new_id(), "kind": "open", "terminal_id": TERMINAL, "site_id": SITE,
               "compartment_id": placed.compartment.id, "parcel_id": placed.parcel_id, "expected_state": "OCCUPIED",
               "issued_at": iso(now), "expires_at": iso(now + timedelta(minutes=5)), "reason": "door stuck",
               "agent": "anna"}
    return kiosk, command


def _signed(command: dict[str, Any], key: Ed25519PrivateKey = BACKEND_KEY) -> dict[str, str]:
    payload = json.dumps(command, sort_keys=True, separators=(",", ":"))
    return {"payload": payload, "signature": key.sign(payload.encode()).hex()}


def _unlocks(emulator: Any) -> int:
    return sum(emulator.unlock_count(board, lock) for board in range(3) for lock in range(1, 17))


def test_the_valid_command_opens_the_door_once_and_never_again(ready: tuple[Any, dict[str, Any]], emulator: Any,
                                                                person: Any) -> None:
    kiosk, command = ready
    person.action = "take"
    before = _unlocks(emulator)
    envelope = _signed(command)
    receive(kiosk.db, [envelope])
    assert [d.code for d in process_inbox(kiosk)] == ["executed"]
    assert _unlocks(emulator) == before + 1
    assert receive(kiosk.db, [envelope]) == 0      # sent again before the answer was pushed: not a replay
    last = kiosk.db.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    acknowledge(kiosk.db, last, [])                # the backend heard the answer (a push)
    receive(kiosk.db, [envelope])
    assert [d.code for d in process_inbox(kiosk)] == ["replayed"]
    assert _unlocks(emulator) == before + 1


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(wrong=st.sets(st.sampled_from([*WRONG, "expired", "future", "too_long", "spent_id"]), min_size=1),
       signing=st.sampled_from(["backend", "attacker", "original", "none", "garbage"]),
       shift=st.integers(min_value=0, max_value=4))
def test_no_combination_of_tampered_fields_opens_a_door(ready: tuple[Any, dict[str, Any]], emulator: Any,
                                                        wrong: set[str], signing: str, shift: int) -> None:
    kiosk, valid = ready
    spent = {**valid, "command_id": new_id(), "kind": "out_of_service", "compartment_id": "none-such"}
    if not kiosk.db.execute("SELECT 1 FROM remote_commands").fetchone():   # one id this kiosk has decided already
        receive(kiosk.db, [_signed(spent)])
        process_inbox(kiosk)
    spent_id = kiosk.db.execute("SELECT command_id FROM remote_commands").fetchone()[0]
    acknowledge(kiosk.db, kiosk.db.execute("SELECT max(seq) FROM outbox").fetchone()[0], [])   # a sync pushed them
    command = {**valid, "command_id": new_id()}
    now = kiosk.clock.now()
    for field in wrong:
        if field in WRONG:
            command[field] = WRONG[field]
        elif field == "expired":
            command["issued_at"], command["expires_at"] = iso(now - timedelta(minutes=6 + shift)), iso(now - timedelta(
                seconds=shift))
        elif field == "future":
            command["issued_at"] = iso(now + timedelta(minutes=3 + shift))
        elif field == "too_long":
            command["expires_at"] = iso(now + timedelta(minutes=61 + shift))
        else:
            command["command_id"] = spent_id
    envelope = _signed(command, ATTACKER_KEY if signing == "attacker" else BACKEND_KEY)
    if signing == "original":                        # the fields changed under the valid command's signature
        envelope["signature"] = _signed(valid)["signature"]
    elif signing == "none":
        envelope["signature"] = ""
    elif signing == "garbage":
        envelope["signature"] = "zz" * 64
    before = _unlocks(emulator)
    receive(kiosk.db, [envelope])
    decisions = process_inbox(kiosk)
    assert len(decisions) == 1 and not decisions[0].executed, decisions
    assert _unlocks(emulator) == before
    expected = "bad_signature" if signing != "backend" else None
    assert expected is None or decisions[0].code == expected
    assert kiosk.db.execute("SELECT count(*) FROM remote_inbox").fetchone()[0] == 0


def test_a_kiosk_without_the_key_refuses_even_the_valid_command(ready: tuple[Any, dict[str, Any]]) -> None:
    kiosk, command = ready
    kiosk.db.execute("DELETE FROM support_key")
    kiosk.db.conn.commit()
    assert decide(kiosk.db, **_signed(command), now=kiosk.clock.now()).code == "no_support_key"


def test_an_arrival_that_is_not_even_json_is_refused_and_logged(ready: tuple[Any, dict[str, Any]]) -> None:
    kiosk, _command = ready
    receive(kiosk.db, [{"payload": "not json \x01", "signature": "00"}])
    assert [d.code for d in process_inbox(kiosk)] == ["bad_signature"]
    row = kiosk.db.execute("SELECT details FROM audit_log WHERE action = 'remote_command_refused'").fetchone()
    assert json.loads(row[0])["command_id"] is None


def test_pull_answers_with_and_without_support_commands() -> None:
    """An older backend sends no `support_commands` (nothing to do); a malformed list is a protocol error."""
    from terminal.sync.protocol import ProtocolError, validate_pull_response

    page = {"protocol": 1, "cursor": "c1.0.0", "has_more": False, "changes": [], "rejections": []}
    assert validate_pull_response(page)["support_commands"] == []
    signed = {"payload": "{}", "signature": "00", "extra": "ignored"}
    assert validate_pull_response({**page, "support_commands": [signed]})["support_commands"] == [
        {"payload": "{}", "signature": "00"}]
    for bad in ({"payload": 1, "signature": "00"}, "text", None):
        with pytest.raises(ProtocolError, match="support_commands"):
            validate_pull_response({**page, "support_commands": [bad]})


def test_a_signed_command_with_a_field_no_op_can_carry_is_refused_once(ready: tuple[Any, dict[str, Any]],
                                                                        emulator: Any) -> None:
    kiosk, command = ready
    before = _unlocks(emulator)
    issued = kiosk.clock.now().strftime("%Y%m%dT%H%M%S+00:00")   # ISO 8601's basic form: no op stamp carries it
    receive(kiosk.db, [_signed({**command, "issued_at": issued})])
    assert [d.code for d in process_inbox(kiosk)] == ["malformed"]
    assert _unlocks(emulator) == before and kiosk.db.execute("SELECT count(*) FROM remote_inbox").fetchone()[0] == 0
