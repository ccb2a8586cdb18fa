"""The backend's figures for the supervisor's "Fleet" view: `GET /v1/stats` for the shift window,
and `GET /v1/fleet/health`, the terminals worst first (stale, boards offline, growing backlogs), and
`GET /v1/exceptions`, the backend's own open exceptions (dead notifications and webhooks, …), newest first.

Who is asking decides what comes back (backend/stats.py): with an integration token in the file
named by setting `stats.fleet_token_file` the answer is the whole fleet; without one, the
terminal's own sync token, which the backend lets see this site only. The backend's address is
the one the terminal enrolled with (or `sync.backend_url`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminal.clock import iso
from terminal.config import Settings
from terminal.errors import HandoffError
from terminal.stats.window import Window
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.client import SyncClient, SyncRefused

EXCEPTIONS_SHOWN = 50   # the newest; the tab says how many more are open
FLEET_TIMEOUT_S = 5.0   # the supervisor is waiting; an unreachable backend is reported, not waited out


class NoBackend(HandoffError):
    """No backend address: the terminal was never enrolled and sync.backend_url is empty."""


@dataclass(frozen=True)
class FleetFigures:
    kpis: dict[str, Any]
    scope: str          # "fleet" (integration token) or "site" (this terminal's own token)
    health: list[dict[str, Any]] | None = None   # GET /v1/fleet/health's terminals; None: a backend without it
    exceptions: list[dict[str, Any]] | None = None   # GET /v1/exceptions' rows; None: a backend without it
    exceptions_total: int = 0                        # how many are open (more than listed past the limit)


def backend_url(db_path: Path, settings: Settings) -> str:
    configured = str(settings.get("sync.backend_url", "")).strip()
    if configured:
        return configured
    db = open_db(db_path)
    try:
        return state.get(db, "backend_url") or ""
    finally:
        db.close()


def supervisor_client(db_path: Path, settings: Settings, what: str) -> tuple[SyncClient, str]:
    """A client for the supervisor's questions to the backend and its scope: "fleet" with the integration
    token of `stats.fleet_token_file`, else "site" (this terminal's own token). NoBackend names `what`."""
    url = backend_url(db_path, settings)
    if not url:
        raise NoBackend(f"No backend is configured: enrol this terminal (handoff enroll) to see {what}.")
    fleet_file = str(settings.get("stats.fleet_token_file", "")).strip()
    token = state.load_token(Path(fleet_file) if fleet_file else state.token_path(settings, db_path))
    client = SyncClient(url, token, ca_file=settings.get("sync.ca_file", ""), timeout_s=FLEET_TIMEOUT_S)
    return client, "fleet" if fleet_file else "site"


def fetch_fleet(db_path: Path, settings: Settings, window: Window) -> FleetFigures:
    """The backend's KPIs for `window`; a HandoffError (one sentence) when there is no backend or it fails."""
    client, scope = supervisor_client(db_path, settings, "fleet figures")
    with client:
        kpis = client.stats(iso(window.start), iso(window.end))
        try:
            health: list[dict[str, Any]] | None = list(client.fleet_health().get("terminals", []))
        except SyncRefused:      # a backend from before fleet health (404): the figures alone
            health = None
        try:
            answer = client.backend_exceptions(EXCEPTIONS_SHOWN)
            exceptions: list[dict[str, Any]] | None = list(answer.get("exceptions", []))
            total = int(answer.get("total", len(exceptions or [])))
        except SyncRefused:      # a backend from before /v1/exceptions (404): nothing to show
            exceptions, total = None, 0
    return FleetFigures(kpis, scope, health, exceptions, total)
