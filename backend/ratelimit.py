"""Rate limits for the routes anyone may call: enrolment (guessing codes) and everything unauthenticated.

The counters live in the backend's own store, not in the process: with `serve --workers 4` on three
hosts a per-process limiter (slowapi/limits' memory storage) would let a guesser through 12 times
the limit, and the backend has no Redis to share one. A fixed window per (route class, client) is
one upsert per unauthenticated request, which these rare routes can afford; authenticated routes
are not counted. nginx (packaging/nginx) limits the same routes before they reach the app."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backend import schema

#: routes that check a token themselves; everything else is limited as "open"
AUTHENTICATED = frozenset({"/v1/push", "/v1/pull", "/v1/orders", "/v1/parcels", "/v1/stats", "/v1/heartbeat",
                           "/v1/fleet/health"})


@dataclass(frozen=True)
class Limits:
    enroll_per_minute: int = 10
    open_per_minute: int = 60
    window_s: int = 60

    def per_window(self, route_class: str) -> int:
        return self.enroll_per_minute if route_class == "enroll" else self.open_per_minute


def route_class(path: str) -> str | None:
    """Which limit applies to a path (None: an authenticated route, not limited here)."""
    if path in AUTHENTICATED:
        return None
    return "enroll" if path == "/v1/enroll" else "open"


def hit(engine: Engine, limits: Limits, route: str, client: str, now: float | None = None) -> int | None:
    """Count one request; None when it is allowed, else the seconds until the window ends (Retry-After)."""
    moment = time.time() if now is None else now
    window = int(moment // limits.window_s)
    bucket = f"{route}|{client}"[:200]
    dialect_insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(schema.rate_limits).values(bucket=bucket, window=window, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=["bucket", "window"], set_={"hits": schema.rate_limits.c.hits + 1}
    ).returning(schema.rate_limits.c.hits)
    with engine.begin() as conn:
        hits = int(conn.execute(statement).scalar_one())
        if hits == 1:   # the first request of a client's window clears every finished window
            conn.execute(delete(schema.rate_limits).where(schema.rate_limits.c.window < window))
    if hits <= limits.per_window(route):
        return None
    return max(1, int((window + 1) * limits.window_s - moment + 0.999))
