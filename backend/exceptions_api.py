"""GET /v1/exceptions: the backend's own open supervisor exceptions, newest first (issue 18 §1).

The backend raises exceptions no terminal would see otherwise — a notification or webhook that died
(backend/delivery.py), a kiosk's suspicious refusal of a remote command, an op the fleet statistics
could not replay, an order changed after packing — into its `exceptions` table, which terminals never
pull (it is not a synced entity, and making it one would change every op's footprint). A supervisor's
Fleet tab asks this route instead, the same way it asks /v1/fleet/health, and with the same rule:
an integration token sees any site or the whole fleet, a terminal token its own site only.

Each row is answered with its stored English sentence and, for the kinds listed in `_CODED`, a
`message_code` (the kind, or a variant of it) and `message_args` (terminal/exception_messages.py)
that a screen words in its reader's language. `details` is never passed through as it is: only the
fields `_CODED` picks become arguments, so nothing a row might hold beyond them (a user id, a future
field) reaches the answer. No row holds a
pickup code or a recipient's address: the delivery worker's errors are code-free by contract
(backend/notify_channels.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Query, Request
from pydantic import BaseModel
from sqlalchemy import Engine, func, select
from starlette.concurrency import run_in_threadpool

from backend import schema
from backend.db import read_conn
from backend.supervisor_scope import supervisor_site

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


class BackendExceptionOut(BaseModel):
    id: int
    kind: str
    site_id: str
    terminal_id: str | None
    raised_at: str
    message: str
    message_code: str | None
    message_args: list[str]


class BackendExceptionsOut(BaseModel):
    exceptions: list[BackendExceptionOut]
    cursor: int
    total: int


def _arg(value: Any) -> str:
    return "" if value is None else str(value)


def _order_ref(details: dict[str, Any]) -> str:
    return _arg(details.get("ref") or details.get("external_id"))   # rows from before `ref` was kept


def _same(kind: str, pick: Callable[[dict[str, Any], Any], list[str]]) -> Callable[[dict[str, Any], Any],
                                                                                tuple[str, list[str]]]:
    return lambda d, r: (kind, pick(d, r))


# kind → (the message code of terminal/exception_messages.MESSAGES, its arguments) from (details, row)
_CODED: dict[str, Callable[[dict[str, Any], Any], tuple[str, list[str]]]] = {
    "notification_dead": _same("notification_dead", lambda d, _r: [_arg(d.get(k)) for k in (
        "template", "parcel_id", "channel", "attempts", "error")]),
    "webhook_dead": _same("webhook_dead", lambda d, _r: [_arg(d.get(k)) for k in ("type", "event_id", "attempts")]),
    "remote_command_refused": _same("remote_command_refused", lambda d, r: [
        _arg(r.terminal_id), _arg(d.get("command_id") or "(unreadable)"), _arg(d.get("code"))]),
    "stats_replay_error": _same("stats_replay_error", lambda d, r: [
        _arg(d.get("name")), _arg(d.get("seq")), _arg(r.terminal_id), _arg(d.get("error"))]),
    "cancelled_after_pack": _same("cancelled_after_pack", lambda d, _r: [_order_ref(d), _arg(d.get("status"))]),
    "changed_after_pack": lambda d, _r: ("changed_after_handover" if d.get("status") == "handed_over"
                                         else "changed_after_pack", [_order_ref(d)]),
}


def _answer_row(row: Any) -> dict[str, Any]:
    code, args = None, []
    worder = _CODED.get(row.kind)
    if worder is not None:
        try:
            details = json.loads(row.details)
        except ValueError:      # a damaged row still shows its English
            details = None
        if isinstance(details, dict):
            code, args = worder(details, row)
    return {"id": row.id, "kind": row.kind, "site_id": row.site_id, "terminal_id": row.terminal_id,
            "raised_at": row.raised_at, "message": row.message, "message_code": code, "message_args": args}


def open_exceptions(engine: Engine, site: str | None, after: int, limit: int) -> dict[str, Any]:
    """The open exceptions of `site` (None: every site) with an id above `after`, the newest `limit`
    first; `total` counts all that match (more than listed when the limit cut the oldest), `cursor` is
    the highest id seen (ask with `after=cursor` for only what is new since)."""
    e = schema.exceptions.c
    where = [e.status == "open", e.id > after]
    if site is not None:
        where.append(e.site_id == site)
    with read_conn(engine) as conn, conn.begin():
        rows = conn.execute(select(e.id, e.kind, e.site_id, e.terminal_id, e.raised_at, e.message, e.details)
                            .where(*where).order_by(e.id.desc()).limit(limit)).all()
        total = conn.execute(select(func.count()).select_from(schema.exceptions).where(*where)).scalar() or 0
    return {"exceptions": [_answer_row(r) for r in rows], "cursor": rows[0].id if rows else after,
            "total": int(total)}


def register(app: FastAPI, errors: dict[int | str, dict[str, Any]]) -> None:
    engine: Engine = app.state.engine

    @app.get("/v1/exceptions", response_model=BackendExceptionsOut, responses=errors, tags=["supervisors"])
    async def exceptions(request: Request, site: str | None = Query(None, min_length=1, max_length=64),
                         after: int = Query(0, ge=0, le=2**63 - 1),
                         limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)) -> dict[str, Any]:
        """The backend's open supervisor exceptions (dead notifications and webhooks, refused remote
        commands, stats replay errors, orders changed after packing), newest first."""
        site = await supervisor_site(engine, request, site, "exceptions")
        return await run_in_threadpool(open_exceptions, engine, site, after, limit)
