"""Sites, enrollment codes, terminal and integration tokens. Only sha256 hashes of secrets are stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from backend import schema
from backend.badges import new_badge_key, site_badge_key
from backend.changes import EntityStore
from backend.db import read_conn
from backend.support import public_key_hex
from terminal.ids import new_id
from terminal.sync.protocol import TERMINAL_ROLES

CODE_TTL = timedelta(hours=24)


class UnknownRole(ValueError):
    def __init__(self, role: str) -> None:
        super().__init__(f"A terminal role is one of {', '.join(TERMINAL_ROLES)}, not {role!r}.")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class TerminalIdentity:
    id: str
    site_id: str
    name: str
    role: str


class EnrollmentRefused(Exception):
    """The code is unknown, used or expired (one message for all: no oracle for guessing)."""


def ensure_site(conn: Connection, site_id: str, *, kind: str = "warehouse", name: str | None = None,
                key: bytes | None = None, badge_key: bytes | None = None) -> bool:
    """Create the site (with fresh HMAC and badge keys, or `key`, `badge_key`) if it is new; the site row
    is also pulled by terminals. True when it was made now."""
    if conn.execute(select(schema.sites.c.id).where(schema.sites.c.id == site_id)).first():
        return False
    conn.execute(insert(schema.sites).values(id=site_id, name=name or site_id, kind=kind,
                                             site_key=(key or secrets.token_bytes(32)).hex(), created_at=_iso(_now()),
                                             badge_key=(badge_key or new_badge_key()).hex()))
    store = EntityStore(conn, site_id)
    store.upsert("site", {"id": site_id, "name": name or site_id, "kind": kind, "timezone": "Europe/Warsaw",
                          "address": None})
    store.flush()
    return True


def site_key(conn: Connection, site_id: str) -> bytes:
    return bytes.fromhex(conn.execute(select(schema.sites.c.site_key).where(schema.sites.c.id == site_id))
                         .scalar_one())


def make_enrollment_code(engine: Engine, site_id: str, role: str, *, kind: str = "warehouse",
                         ttl: timedelta = CODE_TTL) -> tuple[str, str]:
    """A new single-use code for the site (created if new); returns (code, expires_at)."""
    if role not in TERMINAL_ROLES:
        raise UnknownRole(role)
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    expires = _iso(_now() + ttl)
    with engine.begin() as conn:
        ensure_site(conn, site_id, kind=kind)
        conn.execute(insert(schema.enrollment_codes).values(code_hash=digest(code), site_id=site_id, role=role,
                                                            created_at=_iso(_now()), expires_at=expires))
    return code, expires


def enroll(engine: Engine, code: str, terminal_name: str, role: str) -> dict[str, str]:
    """Spend the code: a new terminal with a fresh token (returned once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    terminal_id = new_id()
    now = _iso(_now())
    c = schema.enrollment_codes.c
    with engine.begin() as conn:
        row = conn.execute(select(c.site_id, c.role, c.expires_at, c.used_at)
                           .where(c.code_hash == digest(code.strip().upper()))).first()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise EnrollmentRefused()
        spent = conn.execute(update(schema.enrollment_codes)
                             .where(c.code_hash == digest(code.strip().upper()), c.used_at.is_(None))
                             .values(used_at=now, terminal_id=terminal_id))
        if spent.rowcount != 1:
            raise EnrollmentRefused()
        conn.execute(insert(schema.terminals).values(id=terminal_id, site_id=row.site_id, name=terminal_name,
                                                     role=row.role or role, token_hash=digest(token), enrolled_at=now))
        conn.execute(insert(schema.terminal_state).values(terminal_id=terminal_id, last_seq=0))
        key = site_key(conn, row.site_id)
        badges = site_badge_key(conn, row.site_id)
        support_key = public_key_hex(conn)
    return {"terminal_id": terminal_id, "site_id": row.site_id, "token": token, "site_key": key.hex(),
            "badge_key": badges.hex(), "support_key": support_key}


class Revoked(Exception):
    """The token belonged to a terminal that was revoked (or whose site key was rotated)."""


REVOKED_MESSAGE = ("This terminal's enrolment was revoked at the backend; enrol it again with a new code "
                   "(handoff-backend enroll-code, then handoff enroll).")


def _one_statement(engine: Engine) -> Connection:
    """A connection for a read of one statement, which needs no transaction around it: on PostgreSQL
    in autocommit, so every request's token check saves the BEGIN and ROLLBACK round trips."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    return read_conn(engine)


def terminal_for_token(engine: Engine, token: str) -> TerminalIdentity | None:
    """The terminal a bearer token belongs to; raises Revoked for a revoked one.

    Looked up on every request (one indexed read), never cached in the process: a revocation made by
    any host or worker takes effect on the next request everywhere."""
    t = schema.terminals.c
    with _one_statement(engine) as conn:
        row = conn.execute(select(t.id, t.site_id, t.name, t.role, t.revoked_at)
                           .where(t.token_hash == digest(token))).first()
    if row is None:
        return None
    if row.revoked_at is not None:
        raise Revoked(row.id)
    return TerminalIdentity(row.id, row.site_id, row.name, row.role)


def revoke(engine: Engine, *, terminal_id: str | None = None, site_id: str | None = None) -> list[str]:
    """Revoke one terminal or every terminal of a site; returns the ids newly revoked."""
    t = schema.terminals.c
    where = t.id == terminal_id if terminal_id is not None else t.site_id == site_id
    with engine.begin() as conn:
        return _revoke_where(conn, where)


def _revoke_where(conn: Connection, where: Any) -> list[str]:
    t = schema.terminals.c
    ids = list(conn.execute(select(t.id).where(where, t.revoked_at.is_(None)).order_by(t.id)).scalars())
    if ids:
        conn.execute(update(schema.terminals).where(t.id.in_(ids)).values(revoked_at=_iso(_now())))
    return ids


def terminal_exists(engine: Engine, terminal_id: str) -> bool:
    with read_conn(engine) as conn:
        t = schema.terminals.c
        return conn.execute(select(t.id).where(t.id == terminal_id)).first() is not None


def site_exists(engine: Engine, site_id: str) -> bool:
    with read_conn(engine) as conn:
        return conn.execute(select(schema.sites.c.id).where(schema.sites.c.id == site_id)).first() is not None


#: parcels whose codes are still needed: a recipient has not collected them yet
_WAITING = ("announced", "deposited")


def rotate_site_key(engine: Engine, site_id: str) -> dict[str, Any]:
    """A new HMAC key for the site; every terminal of the site is revoked (the key reaches a terminal
    only at enrolment, so each must enrol again to get the new one).

    The badge key stays (backend/badges.py): badges are kept only hashed, so they could not be moved
    to a new key, and re-enrolled terminals get the same one back.

    Codes already issued were HMAC'd with the old key and are not kept (only their HMACs are), so they
    cannot be moved to the new key: the parcels still waiting for pickup are listed under `reissue`,
    and the integration re-sends their announcements (POST /v1/parcels), which issues new codes."""
    with engine.begin() as conn:
        s = schema.sites.c
        version = conn.execute(select(s.key_version).where(s.id == site_id)).scalar_one() + 1
        conn.execute(update(schema.sites).where(s.id == site_id)
                     .values(site_key=secrets.token_bytes(32).hex(), key_version=version))
        revoked = _revoke_where(conn, schema.terminals.c.site_id == site_id)
        store = EntityStore(conn, site_id)
        x = schema.external_parcels.c
        reissue = sorted(row.tracking_number for row in conn.execute(
            select(x.tracking_number, x.parcel_id).where(x.site_id == site_id, x.key_version < version))
            if (store.get("parcel", row.parcel_id) or {}).get("status") in _WAITING)
    return {"site": site_id, "key_version": version, "revoked": revoked, "reissue": reissue}


def make_integration_token(engine: Engine, name: str = "marketplace") -> str:
    token = "int_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(insert(schema.integration_tokens).values(token_hash=digest(token), name=name,
                                                              created_at=_iso(_now())))
    return token


def integration_token_valid(engine: Engine, token: str) -> bool:
    c = schema.integration_tokens.c
    with read_conn(engine) as conn:
        return conn.execute(select(c.name).where(c.token_hash == digest(token))).first() is not None
