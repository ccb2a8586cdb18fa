"""Remote support at the kiosk: obey a command from the backend only when everything about it holds.

A support agent may open one compartment for a named parcel (the recipient on the phone, a stuck
door) or take a compartment out of service (backend/support.py). The command reaches the kiosk in
its pull answer (`support_commands`, docs/PROTOCOL.md), is kept in `remote_inbox` as it arrived, and
the locker worker decides it here. It is obeyed only when, in this order:

1. the kiosk holds the backend's Ed25519 public key from its enrolment (`no_support_key`);
2. the signature verifies over the exact payload bytes (`bad_signature`: unsigned, tampered, other key);
3. the payload is a command this kiosk understands (`malformed`);
4. its id was never decided here (`replayed`; ids are spent by the deciding op, in its transaction);
5. it names this terminal and this kiosk's site (`other_terminal`);
6. it is inside its validity window on the site clock (`not_yet_valid`, `expired`, `too_long`);
7. the compartment's local state is what the backend saw when it signed (`state_disagrees`): same
   compartment state, and the named parcel is in that compartment (for an open, waiting there).

Each decision is an op (terminal/lockers/remote_ops.py): `RemoteCommandExecuted` is applied BEFORE the
door frame (so a crash cannot let the same command open twice), `RemoteCommandRefused` with the code.
Pushed, both land in the backend's support log."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec
import sqlite_utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from terminal.clock import Clock, SystemClock, iso, parse_iso
from terminal.errors import OpRejected
from terminal.lockers.compartments import compartment
from terminal.lockers.kiosk import FlowResult, LockerKiosk, LockerRefused
from terminal.store import transaction
from terminal.sync import state

KINDS = ("open", "out_of_service")
MAX_VALIDITY = timedelta(minutes=60)     # the backend issues at most this; a longer one is refused
CLOCK_SKEW = timedelta(minutes=2)        # an issue time this far ahead of the site clock is refused
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,100}", re.ASCII)
REFUSALS = ("no_support_key", "bad_signature", "malformed", "replayed", "other_terminal", "not_yet_valid",
            "expired", "too_long", "state_disagrees")


class RemoteCommand(msgspec.Struct, frozen=True):
    """The signed payload (the backend writes it: backend/support.py). `v` is its format version."""

    v: int
    command_id: str
    kind: str
    terminal_id: str
    site_id: str
    compartment_id: str
    parcel_id: str | None
    expected_state: str
    issued_at: str
    expires_at: str
    reason: str
    agent: str


@dataclass(frozen=True)
class Decision:
    """What the kiosk decided about one arrived command; `command` is None when it could not be read."""

    executed: bool
    code: str                         # "executed" or one of REFUSALS
    command: RemoteCommand | None
    claimed_id: str | None = None     # the id the payload names, verified or not
    detail: str = ""


# -- the key from enrolment ------------------------------------------------------------------------------

def save_support_key(db: sqlite_utils.Database, public_key_hex: str, *, clock: Clock | None = None) -> None:
    key = bytes.fromhex(public_key_hex)
    Ed25519PublicKey.from_public_bytes(key)          # refuse anything that is not an Ed25519 key
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO support_key (id, public_key, saved_at) VALUES (1, ?, ?)",
                   (key.hex(), iso((clock or SystemClock()).now())))


def support_key(db: sqlite_utils.Database) -> Ed25519PublicKey | None:
    row = db.execute("SELECT public_key FROM support_key WHERE id = 1").fetchone()
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(row[0])) if row else None


# -- arrival (the sync worker) ---------------------------------------------------------------------------

def receive(db: sqlite_utils.Database, envelopes: Iterable[dict[str, Any]], *, clock: Clock | None = None) -> int:
    """Keep pulled commands as they arrived (nothing is trusted yet); returns how many were new.

    A command this kiosk has answered but not yet pushed the answer of is skipped: the backend sent it
    again only because it has not heard back (a pull between the decision and the next push). Once the
    answer is acknowledged, the same command arriving again is a replay, and is refused as one."""
    now = iso((clock or SystemClock()).now())
    unheard = _answers_not_yet_pushed(db)
    rows = []
    for envelope in envelopes:
        payload, signature = envelope.get("payload"), envelope.get("signature")
        if not isinstance(payload, str) or not isinstance(signature, str) or len(payload) > 8000:
            continue                 # the pull answer's shape is checked in terminal/sync/protocol.py
        if _claimed_id(payload) in unheard:
            continue
        digest = hashlib.sha256(f"{payload}\n{signature}".encode()).hexdigest()
        rows.append((digest, payload, signature[:200], now))
    if not rows:
        return 0
    with transaction(db):
        before = db.execute("SELECT count(*) FROM remote_inbox").fetchone()[0]
        db.conn.executemany("INSERT OR IGNORE INTO remote_inbox (digest, payload, signature, received_at)"
                            " VALUES (?, ?, ?, ?)", rows)
        return int(db.execute("SELECT count(*) FROM remote_inbox").fetchone()[0] - before)


def _answers_not_yet_pushed(db: sqlite_utils.Database) -> set[str]:
    rows = db.execute("SELECT args FROM outbox WHERE acked = 0 AND name IN"
                      " ('RemoteCommandExecuted', 'RemoteCommandRefused')").fetchall()
    return {str(json.loads(args).get("command_id")) for (args,) in rows if json.loads(args).get("command_id")}


def waiting(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM remote_inbox").fetchone()[0])


# -- the decision (pure reads) ---------------------------------------------------------------------------

def _verified(key: Ed25519PublicKey, payload: str, signature: str) -> bool:
    try:
        key.verify(bytes.fromhex(signature), payload.encode("utf-8"))
    except (ValueError, InvalidSignature):
        return False
    return True


def _claimed_id(payload: str) -> str | None:
    """The id a payload names, only when it looks like an id (it goes into an op before any check)."""
    try:
        claimed = json.loads(payload).get("command_id")
    except (ValueError, AttributeError):
        return None
    return claimed if isinstance(claimed, str) and _ID.fullmatch(claimed) else None


def _times(command: RemoteCommand) -> tuple[datetime, datetime] | None:
    try:
        return parse_iso(command.issued_at), parse_iso(command.expires_at)
    except ValueError:
        return None


def _local_state(db: sqlite_utils.Database, command: RemoteCommand) -> str:
    """Why the compartment here disagrees with what the backend signed ('' when it agrees)."""
    comp = db.execute("SELECT site_id, state FROM compartments WHERE id = ?", (command.compartment_id,)).fetchone()
    if comp is None or comp[0] != command.site_id:
        return "the compartment is not known here"
    if comp[1] != command.expected_state:
        return f"the compartment is {comp[1]} here, not {command.expected_state}"
    held = [r[0] for r in db.execute("SELECT id FROM parcels WHERE compartment_id = ? AND status IN"
                                     " ('deposited', 'expired')", (command.compartment_id,)).fetchall()]
    if command.kind == "open" and (command.parcel_id is None or command.parcel_id not in held):
        return "the named parcel is not in that compartment here"
    if command.kind == "out_of_service" and held != ([command.parcel_id] if command.parcel_id else []):
        return "the compartment holds another parcel here"
    return ""


def decide(db: sqlite_utils.Database, payload: str, signature: str, now: datetime) -> Decision:
    """Check one arrived command against the enrolment, the spent ids, the clock and the local state."""
    claimed = _claimed_id(payload)
    key = support_key(db)
    if key is None:
        return Decision(False, "no_support_key", None, claimed, "enrol this kiosk again to receive the key")
    if not _verified(key, payload, signature):
        return Decision(False, "bad_signature", None, claimed)
    try:
        command = msgspec.json.decode(payload, type=RemoteCommand)
    except msgspec.DecodeError as exc:
        return Decision(False, "malformed", None, claimed, str(exc)[:200])
    times = _times(command)
    if command.v != 1 or command.kind not in KINDS or times is None:
        return Decision(False, "malformed", command, claimed, "unknown version, kind or times")
    if db.execute("SELECT 1 FROM remote_commands WHERE command_id = ?", (command.command_id,)).fetchone():
        return Decision(False, "replayed", command, claimed)
    if command.terminal_id != state.get(db, "terminal_id") or not _own_site(db, command.site_id):
        return Decision(False, "other_terminal", command, claimed, f"addressed to {command.terminal_id}")
    issued, expires = times
    if expires - issued > MAX_VALIDITY:
        return Decision(False, "too_long", command, claimed)
    if issued > now + CLOCK_SKEW:
        return Decision(False, "not_yet_valid", command, claimed)
    if now >= expires:
        return Decision(False, "expired", command, claimed, f"expired at {command.expires_at}")
    disagreement = _local_state(db, command)
    if disagreement:
        return Decision(False, "state_disagrees", command, claimed, disagreement)
    return Decision(True, "executed", command, claimed)


def _own_site(db: sqlite_utils.Database, site_id: str) -> bool:
    own = state.get(db, "site_id")
    return site_id == own if own else False


# -- acting on it (the locker worker) --------------------------------------------------------------------

def _record(k: LockerKiosk, decision: Decision) -> None:
    command = decision.command
    if decision.executed and command is not None:
        k.apply("RemoteCommandExecuted", {
            "command_id": command.command_id, "kind": command.kind, "compartment_id": command.compartment_id,
            "parcel_id": command.parcel_id, "reason": command.reason[:2000], "agent": command.agent[:200],
            "issued_at": command.issued_at, "expires_at": command.expires_at})
        return
    spend = command is not None and decision.code not in ("replayed", "other_terminal")
    k.apply("RemoteCommandRefused", {
        "command_id": decision.claimed_id, "code": decision.code, "spend": spend,
        "kind": command.kind[:200] if command else None,
        "compartment_id": (command.compartment_id[:100] or None) if command else None,
        "parcel_id": (command.parcel_id or "")[:100] or None if command else None,
        "agent": command.agent[:200] if command else None, "detail": decision.detail[:2000] or None})


def _act(k: LockerKiosk, command: RemoteCommand, notice: Callable[[int], object] | None) -> FlowResult | None:
    """Open the door for the named parcel (the pickup is recorded as usual once it closes) or take the
    compartment out of service."""
    from terminal.lockers.deposit import hand_out

    comp = compartment(k.db, command.compartment_id)
    if comp is None:
        return None
    if command.kind == "out_of_service":
        k.apply("CompartmentOutOfService", {"compartment_id": comp.id, "reason": "remote_support"})
        return None
    parcel = k.db.execute("SELECT * FROM parcels WHERE id = ?", (command.parcel_id,)).fetchone()
    if notice is not None:
        notice(comp.number)
    try:
        return hand_out(k, parcel, "pickup", None, despite_fault=True)
    except LockerRefused as refused:   # the door did not open or the board is away: journalled and faulted
        return FlowResult(False, refused.code, refused.message, comp, command.parcel_id)


def process_inbox(k: LockerKiosk, *, notice: Callable[[int], object] | None = None) -> list[Decision]:
    """Decide every command waiting in the inbox, oldest first; `notice(compartment number)` is called
    just before a remote open fires (the screen's short notice)."""
    rows = k.db.execute("SELECT digest, payload, signature FROM remote_inbox ORDER BY received_at, digest").fetchall()
    decisions = []
    for digest, payload, signature in rows:
        decision = decide(k.db, payload, signature, k.clock.now())
        try:
            _record(k, decision)
        except OpRejected as refused:   # a signed field no op can carry: refused, never retried for ever
            decision = Decision(False, "malformed", None, decision.claimed_id, refused.message[:2000])
            _record(k, decision)
        with transaction(k.db):
            k.db.execute("DELETE FROM remote_inbox WHERE digest = ?", (digest,))
        if decision.executed and decision.command is not None:
            _act(k, decision.command, notice)
        decisions.append(decision)
    return decisions
