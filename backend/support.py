"""Remote support: signed, short-lived commands for one kiosk, and the support log (issue 18 §4).

A support agent opens one compartment for a named parcel or takes a compartment out of service. The
backend writes the command as a JSON payload — id (uuid7), terminal, site, compartment, parcel, the
compartment state the backend sees now, issue and expiry times, reason, agent — signs the payload's
exact bytes with its Ed25519 key and keeps it until the kiosk's answer (an op) comes back in a push.
The kiosk pulls it (`support_commands` in its pull answers), checks it against the public key it got at
enrolment and against its own state, and obeys or refuses (terminal/lockers/remote.py). Every step is
a row of `support_log`: issued, executed, refused (with the kiosk's code).

The key pair lives in the store (`support_keys`, made by migration 50): every backend host signs with
the same key and the kiosks know one public key. Like the site key it protects what leaves the store,
not against someone holding the whole database."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Column, Connection, Engine, Index, Integer, MetaData, String, Table, Text, insert, select, update

from backend import schema
from backend.changes import EntityStore
from backend.db import read_conn
from terminal.ids import new_id
from terminal.sync.protocol import text_problem

metadata = MetaData()

support_keys = Table(
    "support_keys", metadata,
    Column("id", Integer, primary_key=True),            # one row, id 1
    Column("private_key", String(128), nullable=False),  # hex raw Ed25519 private key
    Column("public_key", String(128), nullable=False),   # hex raw public key, given at enrolment
    Column("created_at", String(40), nullable=False),
)

support_commands = Table(
    "support_commands", metadata,
    Column("id", String(64), primary_key=True),
    Column("terminal_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", Text, nullable=False),             # the exact text that was signed
    Column("signature", String(256), nullable=False),    # hex Ed25519 signature of the payload's UTF-8 bytes
    Column("issued_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("status", String(16), nullable=False),        # pending | executed | refused
    Column("outcome_code", String(64)),
    Column("outcome_at", String(40)),
)
Index("support_commands_pending", support_commands.c.terminal_id, support_commands.c.status)

support_log = Table(
    "support_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("command_id", String(100)),
    Column("terminal_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("event", String(16), nullable=False),         # issued | executed | refused
    Column("code", String(64)),                          # the kiosk's refusal code
    Column("kind", String(32)),
    Column("compartment_id", String(100)),
    Column("parcel_id", String(100)),
    Column("agent", Text),
    Column("reason", Text),
    Column("detail", Text),
)

# A support agent's bearer token (`handoff-backend support token --name AGENT`), stored as sha256 only.
# Its own kind, not an integration token: a shop's token must never open a door. The agent a command
# names is the token's name, so a request cannot claim to be someone else.
support_tokens = Table(
    "support_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

KINDS = ("open", "out_of_service")
MAX_VALID_MIN = 60          # the kiosk refuses a longer window too (terminal/lockers/remote.py)
RESEND_FOR = timedelta(hours=24)   # a command still unanswered after this is no longer sent


class SupportRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def create_tables_and_key(conn: Connection) -> None:
    """Migration 50: the tables and the one signing key pair."""
    metadata.create_all(conn)
    if conn.execute(select(support_keys.c.id)).first() is None:
        key = Ed25519PrivateKey.generate()
        conn.execute(insert(support_keys).values(
            id=1, private_key=key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex(),
            public_key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex(),
            created_at=_iso(datetime.now(UTC))))


def make_token(engine: Engine, name: str) -> str:
    from backend.auth import digest

    if not name.strip() or text_problem(name) or len(name) > 100:
        raise SupportRefused(422, "bad_name", "A support token names its agent (1 to 100 characters).")
    token = "sup_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(insert(support_tokens).values(token_hash=digest(token), name=name.strip(),
                                                   created_at=_iso(datetime.now(UTC))))
    return token


def agent_for_token(engine: Engine, token: str) -> str | None:
    """The agent's name a support token was made for; None for any other token."""
    from backend.auth import digest

    c = support_tokens.c
    with read_conn(engine) as conn:
        return conn.execute(select(c.name).where(c.token_hash == digest(token))).scalar_one_or_none()


def public_key_hex(conn: Connection) -> str | None:
    return conn.execute(select(support_keys.c.public_key).where(support_keys.c.id == 1)).scalar_one_or_none()


def _private_key(conn: Connection) -> Ed25519PrivateKey:
    raw = conn.execute(select(support_keys.c.private_key).where(support_keys.c.id == 1)).scalar_one()
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(raw))


@dataclass(frozen=True)
class Request:
    kind: str
    terminal_id: str
    reason: str
    agent: str
    parcel_id: str | None = None
    compartment_id: str | None = None
    valid_min: int = 5


def _check_text(request: Request) -> None:
    if request.kind not in KINDS:
        raise SupportRefused(422, "bad_kind", f"A support command is one of {', '.join(KINDS)}.")
    if not request.reason.strip():
        raise SupportRefused(422, "reason_required", "A support command needs a reason (why the door is opened).")
    if not request.agent.strip():
        raise SupportRefused(422, "agent_required", "A support command names the agent who gives it.")
    if not 1 <= request.valid_min <= MAX_VALID_MIN:
        raise SupportRefused(422, "bad_validity", f"A support command is valid for 1 to {MAX_VALID_MIN} minutes.")
    for name in ("reason", "agent", "terminal_id", "parcel_id", "compartment_id"):
        value = getattr(request, name)
        problem = text_problem(value, name) if value is not None else None
        if problem or (value is not None and len(value) > (2000 if name == "reason" else 100)):
            raise SupportRefused(422, "bad_text", problem or f"{name} is too long.")


def _target(store: EntityStore, request: Request) -> tuple[str, str | None, str]:
    """(compartment, parcel, the compartment's state) as this backend sees them now."""
    parcel_id = request.parcel_id
    if request.kind == "open":
        if not parcel_id:
            raise SupportRefused(422, "parcel_required", "A remote open names the parcel it is for.")
        parcel = store.get("parcel", parcel_id)
        if parcel is None or parcel.get("status") not in ("deposited", "expired") or not parcel.get("compartment_id"):
            raise SupportRefused(409, "parcel_not_in_locker",
                                 f"Parcel {parcel_id} is not in a compartment of this kiosk's site.")
        compartment_id = str(parcel["compartment_id"])
        if request.compartment_id and request.compartment_id != compartment_id:
            raise SupportRefused(409, "wrong_compartment", f"Parcel {parcel_id} is in compartment "
                                 f"{compartment_id}, not {request.compartment_id}.")
    else:
        if not request.compartment_id:
            raise SupportRefused(422, "compartment_required", "Taking a compartment out of service names it.")
        compartment_id = request.compartment_id
        holders = [p["id"] for p in store.all("parcel")
                   if p.get("compartment_id") == compartment_id and p.get("status") in ("deposited", "expired")]
        parcel_id = holders[0] if holders else None
    compartment = store.get("compartment", compartment_id)
    if compartment is None:
        raise SupportRefused(404, "unknown_compartment", f"There is no compartment {compartment_id} at that site.")
    return compartment_id, parcel_id, str(compartment.get("state"))


def issue(engine: Engine, request: Request, *, now: datetime | None = None) -> dict[str, Any]:
    """Sign and keep a command for the kiosk's next pull; returns the command (its payload's fields)."""
    _check_text(request)
    now = now or datetime.now(UTC)
    with engine.begin() as conn:
        terminals = schema.terminals.c
        t = conn.execute(select(terminals.site_id, terminals.role, terminals.revoked_at)
                         .where(terminals.id == request.terminal_id)).first()
        if t is None or t.revoked_at is not None:
            raise SupportRefused(404, "unknown_terminal", f"There is no enrolled terminal {request.terminal_id}.")
        if t.role not in ("kiosk", "station"):
            raise SupportRefused(409, "not_a_locker", "Only a kiosk (or a station running a locker) opens doors.")
        compartment_id, parcel_id, state = _target(EntityStore(conn, t.site_id), request)
        command = {"v": 1, "command_id": new_id(), "kind": request.kind, "terminal_id": request.terminal_id,
                   "site_id": t.site_id, "compartment_id": compartment_id, "parcel_id": parcel_id,
                   "expected_state": state, "issued_at": _iso(now),
                   "expires_at": _iso(now + timedelta(minutes=request.valid_min)),
                   "reason": request.reason.strip(), "agent": request.agent.strip()}
        payload = json.dumps(command, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        signature = _private_key(conn).sign(payload.encode("utf-8")).hex()
        conn.execute(insert(support_commands).values(
            id=command["command_id"], terminal_id=request.terminal_id, site_id=t.site_id, kind=request.kind,
            payload=payload, signature=signature, issued_at=command["issued_at"],
            expires_at=command["expires_at"], status="pending"))
        _log(conn, command["issued_at"], command, "issued")
    return command


def _log(conn: Connection, at: str, command: dict[str, Any], event: str, *, code: str | None = None,
         detail: str | None = None, terminal_id: str | None = None, site_id: str | None = None) -> None:
    conn.execute(insert(support_log).values(
        at=at, command_id=command.get("command_id"), terminal_id=terminal_id or command["terminal_id"],
        site_id=site_id or command["site_id"], event=event, code=code, kind=command.get("kind"),
        compartment_id=command.get("compartment_id"), parcel_id=command.get("parcel_id"),
        agent=command.get("agent"), reason=command.get("reason"), detail=detail))


def pending_for(conn: Connection, terminal_id: str, *, now: datetime | None = None) -> list[dict[str, str]]:
    """The signed commands waiting for this terminal's answer (in every pull's last page)."""
    c = support_commands.c
    since = _iso((now or datetime.now(UTC)) - RESEND_FOR)
    rows = conn.execute(select(c.payload, c.signature).where(c.terminal_id == terminal_id, c.status == "pending",
                                                            c.issued_at > since).order_by(c.issued_at).limit(50))
    return [{"payload": payload, "signature": signature} for payload, signature in rows]


def record_outcome(conn: Connection, terminal_id: str, site_id: str, at: str, event: str, args: dict[str, Any]) -> None:
    """A kiosk's answer (its pushed op): the support log gets it, and a pending command of that terminal is
    settled — only by its own terminal, so another kiosk's refusal cannot cancel it."""
    c = support_commands.c
    command_id = args.get("command_id")
    code = args.get("code") if event == "refused" else None
    if command_id:
        conn.execute(update(support_commands)
                     .where(c.id == command_id, c.terminal_id == terminal_id, c.status == "pending")
                     .values(status=event, outcome_code=code, outcome_at=at))
    _log(conn, at, {**args, "terminal_id": terminal_id, "site_id": site_id}, event, code=code,
         detail=args.get("detail"))


def read_log(engine: Engine, *, terminal_id: str | None = None, command_id: str | None = None,
             limit: int = 200) -> list[dict[str, Any]]:
    s = support_log.c
    query = select(support_log).order_by(s.id.desc()).limit(limit)
    if terminal_id:
        query = query.where(s.terminal_id == terminal_id)
    if command_id:
        query = query.where(s.command_id == command_id)
    with read_conn(engine) as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    return rows[::-1]


def command_status(engine: Engine, command_id: str) -> dict[str, Any] | None:
    c = support_commands.c
    with read_conn(engine) as conn:
        row = conn.execute(select(c.id, c.terminal_id, c.kind, c.status, c.outcome_code, c.issued_at, c.expires_at)
                           .where(c.id == command_id)).first()
    return dict(row._mapping) if row else None
