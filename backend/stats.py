"""`GET /v1/stats`: the shift KPIs of DESIGN §8 for the whole fleet or one site.

Each site's figures come from its stats mirror (backend/stats_mirror.py): the terminal database
the site's synced ops rebuild, read by the terminal's own KPI SQL. The fleet's figures pool the
sites' parts with terminal/stats/pooled.py — the same code `handoff stats` runs — so a site's
answer here is its terminals' local figures, and the fleet's is their pooled union.

Who may ask (see docs/PROTOCOL.md): an integration token (the supervisors' and integrators'
scope) for any site or the whole fleet; a terminal token for its own site only."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from backend import schema
from backend.db import read_conn
from backend.stats_mirror import CatchUp, catch_up, mirror_path, open_mirror, site_settings
from terminal.stats.pooled import combine, kpi_parts
from terminal.stats.window import Window, WindowInFuture


class StatsRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class FleetStats:
    kpis: dict[str, Any]
    sites: list[str]
    unreplayed: int
    replay_errors: int = 0


def default_stats_dir(db_url: str) -> Path:
    """Beside a SQLite store's file; for PostgreSQL (or memory) a folder in the temp dir named for
    the store — the mirrors are a cache that rebuilds from the ops log (set `--stats-dir` to keep it)."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        return path.with_name(f"{path.name}.stats")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"handoff-stats-{digest}"


def parse_moment(text: str | None, name: str) -> datetime:
    if not text:
        raise StatsRefused(400, "bad_window", f"Give `{name}` as an ISO 8601 time, e.g. 2026-11-23T06:00:00Z.")
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise StatsRefused(400, "bad_window", f"`{name}` {text!r} is not an ISO 8601 time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _known_sites(engine: Engine) -> list[str]:
    with read_conn(engine) as conn, conn.begin():
        return [r[0] for r in conn.execute(select(schema.sites.c.id).order_by(schema.sites.c.id))]


def fleet_stats(engine: Engine, folder: Path, site: str | None, start: datetime, end: datetime,
                now: datetime | None = None) -> FleetStats:
    """The KPIs for [start, end) over `site` (or every site), each mirror caught up first."""
    if end <= start:
        raise StatsRefused(400, "bad_window", "`to` must be after `from`.")
    known = _known_sites(engine)
    if site is not None and site not in known:
        raise StatsRefused(404, "unknown_site", f"There is no site {site} on this backend.")
    try:
        window = Window(start, end, now or datetime.now(UTC))
    except WindowInFuture as exc:
        raise StatsRefused(400, "window_in_future", str(exc)) from None
    folder.mkdir(parents=True, exist_ok=True)
    parts, unreplayed, errors = [], 0, 0
    for site_id in [site] if site is not None else known:
        db = open_mirror(folder, site_id)
        try:
            done = catch_up(engine, db, site_id)
            unreplayed, errors = unreplayed + done.unreplayed, errors + done.replay_errors
            parts.append(kpi_parts(db, window, site_settings(db)))
        finally:
            db.close()
    return FleetStats(combine(parts), [site] if site is not None else known, unreplayed, errors)


def _rebuild_site(url: str, folder: str, site_id: str) -> tuple[str, CatchUp]:
    """One site's mirror from scratch (run in a worker process: replay is CPU-bound Python)."""
    from backend.db import make_engine

    path = mirror_path(Path(folder), site_id)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(url)
    db = open_mirror(Path(folder), site_id)
    try:
        return site_id, catch_up(engine, db, site_id)
    finally:
        db.close()
        engine.dispose()


def rebuild(url: str, engine: Engine, folder: Path, site: str | None = None, workers: int = 2,
            progress: Callable[[int, int, str, CatchUp], None] | None = None) -> dict[str, CatchUp]:
    """Rebuild the mirrors of `site` (or every site) from the ops and change logs, sites in parallel
    worker processes; `progress(done, total, site, result)` after each site."""
    known = _known_sites(engine)
    if site is not None and site not in known:
        raise StatsRefused(404, "unknown_site", f"There is no site {site} on this backend.")
    sites = [site] if site is not None else known
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, CatchUp] = {}
    with ProcessPoolExecutor(max(1, min(workers, len(sites) or 1))) as pool:
        futures = [pool.submit(_rebuild_site, url, str(folder), s) for s in sites]
        for future in as_completed(futures):
            site_id, result = future.result()
            results[site_id] = result
            if progress is not None:
                progress(len(results), len(sites), site_id, result)
    return results
