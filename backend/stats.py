"""`GET /v1/stats`: the shift KPIs of DESIGN §8 for the whole fleet or one site.

The figures are read, never replayed, here: the stats projector (backend/stats_projector.py) keeps
every site's hours of KPI parts in the backend's store as the ops are committed; a request reads
the hours of its window (backend/stats_parts.py joins them into the window's parts) and pools the
sites with terminal/stats/pooled.py — the same code `handoff stats` runs — so a site's answer is
its terminals' local figures, and the fleet's is their pooled union. The work is a few indexed
reads of one row per site-hour: it does not grow with the length of the history.

Who may ask (see docs/PROTOCOL.md): an integration token (the supervisors' and integrators'
scope) for any site or the whole fleet; a terminal token for its own site only."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Engine, func, select

from backend import schema
from backend.db import read_conn
from backend.stats_parts import bucket_after, bucket_of, join_hours
from backend.stats_projector import Step, claimed, step
from terminal.clock import iso, parse_iso
from terminal.stats.pooled import combine
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
    window: tuple[datetime, datetime] | None = None     # the whole hours answered for
    as_of: datetime | None = None                       # the oldest projection moment among the sites


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


def check_request(engine: Engine, site: str | None, start: datetime, end: datetime,
                  now: datetime | None = None) -> list[str]:
    """Refuse a window or site /v1/stats cannot answer (StatsRefused); the sites it covers."""
    if end <= start:
        raise StatsRefused(400, "bad_window", "`to` must be after `from`.")
    known = _known_sites(engine)
    if site is not None and site not in known:
        raise StatsRefused(404, "unknown_site", f"There is no site {site} on this backend.")
    try:
        Window(start, end, now or datetime.now(UTC))
    except WindowInFuture as exc:
        raise StatsRefused(400, "window_in_future", str(exc)) from None
    return [site] if site is not None else known


def fleet_stats(engine: Engine, site: str | None, start: datetime, end: datetime,
                now: datetime | None = None) -> FleetStats:
    """The KPIs for [start, end) (widened to whole hours) over `site` (or every site), from the
    projection's stored parts."""
    sites = check_request(engine, site, start, end, now)
    first, last = bucket_of(start), bucket_after(end)
    p, s = schema.stats_parts.c, schema.stats_sites.c
    parts_query = (select(p.site_id, p.parts).where(p.bucket >= iso(first), p.bucket < iso(last))
                   .order_by(p.site_id, p.bucket))
    counts_query = select(func.coalesce(func.sum(s.unreplayed), 0), func.coalesce(func.sum(s.replay_errors), 0),
                          func.min(s.as_of))
    if site is not None:
        parts_query, counts_query = parts_query.where(p.site_id == site), counts_query.where(s.site_id == site)
    with read_conn(engine) as conn, conn.begin():
        rows = conn.execute(parts_query).all()
        unreplayed, errors, as_of = conn.execute(counts_query).one()
    per_site = [join_hours([json.loads(r.parts) for r in hours])
                for _, hours in groupby(rows, key=lambda r: r.site_id)]
    return FleetStats(combine(per_site), sites, int(unreplayed), int(errors),
                      (first, last), parse_iso(as_of) if as_of else None)


_ENGINES: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    """One engine per store in a worker process, kept for the next site it is given."""
    from backend.db import make_engine

    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def _rebuild_site(url: str, site_id: str, now: datetime | None) -> Step:
    """One site's projection from the start of the log (in a worker process: replay is CPU-bound)."""
    engine = _engine(url)
    with claimed(engine, site_id, wait=True):
        return step(engine, site_id, now=now, fresh=True)


def _project_site(url: str, site_id: str, now: datetime | None, chunk: int | None, pause: float) -> Step:
    """One site's projection brought up to the log's end, committing every `chunk` ops."""
    import time

    engine = _engine(url)
    with claimed(engine, site_id, wait=True):
        while True:
            done = step(engine, site_id, now=now, max_ops=chunk)
            if done.complete and done.written:
                return done
            if done.written:
                time.sleep(pause)
            # else another process wrote this site meanwhile: go on from what it wrote


def _die_with_parent() -> None:
    """A pool worker ends when the command that started it is gone (killed, say), rather than
    projecting on as an orphan nobody waits for."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def run_sites(url: str, engine: Engine, site: str | None, jobs: int, fresh: bool, now: datetime | None = None,
              chunk: int | None = None, pause: float = 0.0,
              progress: Callable[[int, int, Step], None] | None = None) -> dict[str, Step]:
    """Rebuild (`fresh`) or bring up to date the projection of `site` (or every site), sites in
    parallel worker processes; `progress(done, total, step)` after each site."""
    known = _known_sites(engine)
    if site is not None and site not in known:
        raise StatsRefused(404, "unknown_site", f"There is no site {site} on this backend.")
    sites = [site] if site is not None else known
    results: dict[str, Step] = {}
    if not sites:
        return results
    if jobs == 1 or len(sites) == 1:      # in this process: nothing to hand over
        try:
            for site_id in sites:
                done = _rebuild_site(url, site_id, now) if fresh else _project_site(url, site_id, now, chunk, pause)
                results[site_id] = done
                if progress is not None:
                    progress(len(results), len(sites), done)
        finally:
            found = _ENGINES.pop(url, None)
            if found is not None:
                found.dispose()
        return results
    with ProcessPoolExecutor(max(1, min(jobs, len(sites))), initializer=_die_with_parent) as pool:
        futures = [pool.submit(_rebuild_site, url, s, now) if fresh else
                   pool.submit(_project_site, url, s, now, chunk, pause) for s in sites]
        for future in as_completed(futures):
            done = future.result()
            results[done.site_id] = done
            if progress is not None:
                progress(len(results), len(sites), done)
    sys.stderr.flush()
    return results
