"""Fleet health: every terminal's heartbeat kept, and the fleet listed worst first for a supervisor.

A terminal POSTs /v1/heartbeat after each sync cycle (terminal/sync/heartbeat.py). The backend keeps
the latest report per terminal (`terminal_health`) and the last `HISTORY_KEEP` of them
(`terminal_heartbeats`, enough to see a backlog grow). `GET /v1/fleet/health` lists the terminals
that have reported, worst first: stale ones (nothing for `STALE_AFTER_INTERVALS` of the terminal's
own sync interval, so one that stops is flagged one interval after the report it missed), then
offline lock boards, growing backlogs, sync errors, faulted doors, printer, scanner, disk. Staleness
is judged by the backend's clock only (`create_app(clock=…)`), never the terminal's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from sqlalchemy import Connection, Engine, delete, func, insert, select
from starlette.concurrency import run_in_threadpool

from backend import auth, schema
from backend.db import read_conn
from backend.fleet_models import PROBLEMS, FleetHealthOut, HeartbeatIn, HeartbeatOut
from backend.supervisor_scope import supervisor_site
from terminal.clock import Clock, iso

STALE_AFTER_INTERVALS = 2.0
HISTORY_KEEP = 20
BACKLOG_REPORTS = 3              # this many reports, each with more unsent ops than the one before
BACKLOG_OLD_INTERVALS = 30       # or the oldest unsent op older than this many sync intervals …
BACKLOG_OLD_MIN_S = 300.0        # … and than five minutes
LOW_DISK_BYTES = 512 * 1024 * 1024


def record_heartbeat(engine: Engine, terminal: auth.TerminalIdentity, beat: HeartbeatIn, now: datetime) -> str:
    """Store the report as this terminal's latest and append it to the history (the oldest beyond
    HISTORY_KEEP dropped in the same transaction). Returns the moment it was received."""
    received = iso(now)
    h = schema.terminal_health.c
    online = sum(1 for board in beat.boards if board.online)
    with engine.begin() as conn:
        conn.execute(delete(schema.terminal_health).where(h.terminal_id == terminal.id))
        conn.execute(insert(schema.terminal_health).values(
            terminal_id=terminal.id, site_id=terminal.site_id, received_at=received,
            sync_interval_s=beat.sync_interval_s, app_version=beat.app_version, schema_version=beat.schema_version,
            report=beat.model_dump_json()))
        conn.execute(insert(schema.terminal_heartbeats).values(
            terminal_id=terminal.id, received_at=received, boards_online=online, doors_faulted=beat.doors_faulted,
            outbox_size=beat.outbox_size, outbox_age_s=beat.outbox_age_s))
        _trim_history(conn, terminal.id)
    return received


def _trim_history(conn: Connection, terminal_id: str) -> None:
    b = schema.terminal_heartbeats.c
    oldest_kept = conn.execute(select(b.id).where(b.terminal_id == terminal_id).order_by(b.id.desc())
                               .offset(HISTORY_KEEP - 1).limit(1)).scalar()
    if oldest_kept is not None:
        conn.execute(delete(schema.terminal_heartbeats).where(b.terminal_id == terminal_id, b.id < oldest_kept))


@dataclass(frozen=True)
class _Row:
    terminal_id: str
    name: str
    site_id: str
    role: str
    received_at: str
    sync_interval_s: float
    report: dict[str, Any]


def fleet_health(engine: Engine, site: str | None, now: datetime) -> dict[str, Any]:
    """The answer of GET /v1/fleet/health: every reporting terminal (of `site`, or all), worst first."""
    h, t, b = schema.terminal_health.c, schema.terminals.c, schema.terminal_heartbeats.c
    query = (select(h.terminal_id, t.name, h.site_id, t.role, h.received_at, h.sync_interval_s, h.report)
             .join(schema.terminals, t.id == h.terminal_id).where(t.revoked_at.is_(None)))
    if site is not None:
        query = query.where(h.site_id == site)
    recent = select(b.terminal_id, b.outbox_size,
                    func.row_number().over(partition_by=b.terminal_id, order_by=b.id.desc()).label("n")).subquery()
    with read_conn(engine) as conn, conn.begin():
        rows = [_Row(r.terminal_id, r.name, r.site_id, r.role, r.received_at, r.sync_interval_s, json.loads(r.report))
                for r in conn.execute(query)]
        sizes: dict[str, list[int]] = {}
        for r in conn.execute(select(recent.c.terminal_id, recent.c.outbox_size)
                              .where(recent.c.n <= BACKLOG_REPORTS).order_by(recent.c.terminal_id, recent.c.n.desc())):
            sizes.setdefault(r.terminal_id, []).append(r.outbox_size)     # oldest first
    terminals = [_health(row, sizes.get(row.terminal_id, []), now) for row in rows]
    terminals.sort(key=_worst_first)
    return {"as_of": iso(now), "stale_after_intervals": STALE_AFTER_INTERVALS, "terminals": terminals}


def _health(row: _Row, sizes: list[int], now: datetime) -> dict[str, Any]:
    report = row.report
    silent_s = max(0.0, (now - datetime.fromisoformat(row.received_at)).total_seconds())
    offline = sorted(board["board"] for board in report["boards"] if not board["online"])
    growing = len(sizes) >= BACKLOG_REPORTS and all(a < b for a, b in zip(sizes, sizes[1:], strict=False))
    too_old = report["outbox_age_s"] > max(BACKLOG_OLD_INTERVALS * row.sync_interval_s, BACKLOG_OLD_MIN_S)
    disk = report["disk_free_bytes"]
    found = {
        "stale": silent_s > STALE_AFTER_INTERVALS * row.sync_interval_s,
        "boards_offline": bool(offline),
        "backlog_growing": report["outbox_size"] > 0 and (growing or too_old),
        "sync_error": bool(report["sync_error"]),
        "doors_faulted": report["doors_faulted"] > 0,
        "printer": report["printer"]["state"] == "problem",
        "scanner": report["scanner"]["state"] == "problem",
        "low_disk": disk is not None and disk < LOW_DISK_BYTES,
    }
    return {"terminal_id": row.terminal_id, "name": row.name, "site_id": row.site_id, "role": row.role,
            "problems": [p for p in PROBLEMS if found[p]], "last_heartbeat_at": row.received_at,
            "silent_s": round(silent_s, 3), "sync_interval_s": row.sync_interval_s,
            "app_version": report["app_version"], "schema_version": report["schema_version"],
            "boards_total": len(report["boards"]), "boards_online": len(report["boards"]) - len(offline),
            "boards_offline": offline, "doors_faulted": report["doors_faulted"], "printer": report["printer"],
            "scanner": report["scanner"], "disk_free_bytes": disk, "outbox_size": report["outbox_size"],
            "outbox_age_s": report["outbox_age_s"], "sync_error": report["sync_error"]}


def _worst_first(health: dict[str, Any]) -> tuple[Any, ...]:
    """The worst problem first, then the most problems, the longest silence, the most offline boards."""
    problems = health["problems"]
    rank = PROBLEMS.index(problems[0]) if problems else len(PROBLEMS)
    return (rank, -len(problems), -health["silent_s"], -len(health["boards_offline"]), -health["outbox_size"],
            health["site_id"], health["name"], health["terminal_id"])


def register(app: FastAPI, errors: dict[int | str, dict[str, Any]]) -> None:
    """POST /v1/heartbeat (terminal token) and GET /v1/fleet/health (integration token: the fleet or
    any site; terminal token: its own site, as /v1/stats)."""
    from backend.app import ApiError, _bearer, _identity  # app.py calls this from create_app

    engine: Engine = app.state.engine
    clock: Clock = app.state.clock

    async def terminal_identity(request: Request) -> auth.TerminalIdentity:
        identity = await run_in_threadpool(_identity, engine, _bearer(request))
        if identity is None:
            raise ApiError(401, "unauthorized", "The token is not valid; enrol this terminal again.")
        return identity

    @app.post("/v1/heartbeat", response_model=HeartbeatOut, responses=errors, tags=["terminals"])
    async def heartbeat(body: HeartbeatIn,
                        terminal: auth.TerminalIdentity = Depends(terminal_identity)) -> dict[str, Any]:
        """This terminal's health after a sync cycle: versions, boards, doors, devices, disk, outbox."""
        received = await run_in_threadpool(record_heartbeat, engine, terminal, body, clock.now())
        return {"received_at": received}

    @app.get("/v1/fleet/health", response_model=FleetHealthOut, responses=errors, tags=["supervisors"])
    async def health(request: Request, site: str | None = Query(None, min_length=1, max_length=64)) -> dict[str, Any]:
        """Every reporting terminal worst first: stale, boards offline, growing backlog, then the rest."""
        site = await supervisor_site(engine, request, site, "fleet health")
        return await run_in_threadpool(fleet_health, engine, site, clock.now())
