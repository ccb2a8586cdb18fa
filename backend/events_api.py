"""GET /v1/events?after=<cursor>: the shop reads every event in order, to reconcile what its webhook
endpoint missed (issue 18 §6; docs/INTEGRATION.md). Integration token, as for /v1/orders."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel
from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool

from backend import schema
from backend.db import read_conn

MAX_LIMIT = 1000


class EventOut(BaseModel):
    cursor: int
    id: str
    type: str
    timestamp: str
    data: dict[str, Any]


class EventsOut(BaseModel):
    events: list[EventOut]
    cursor: int
    has_more: bool


def read_events(engine: Engine, after: int, limit: int, site: str | None) -> dict[str, Any]:
    e = schema.shop_events.c
    query = select(e.id, e.event_id, e.payload).where(e.id > after)
    if site is not None:
        query = query.where(e.site_id == site)
    with read_conn(engine) as conn, conn.begin():
        rows = conn.execute(query.order_by(e.id).limit(limit + 1)).all()
    events = []
    for row in rows[:limit]:
        payload = json.loads(row.payload)
        events.append({"cursor": row.id, "id": row.event_id, "type": payload["type"],
                       "timestamp": payload["timestamp"], "data": payload["data"]})
    return {"events": events, "cursor": events[-1]["cursor"] if events else after, "has_more": len(rows) > limit}


def register(app: FastAPI, engine: Engine, integration: Callable[..., Awaitable[None]],
             errors: dict[int | str, dict[str, Any]]) -> None:
    @app.get("/v1/events", response_model=EventsOut, responses=errors, tags=["integration"],
             dependencies=[Depends(integration)])
    async def events(after: int = Query(0, ge=0, le=2**63 - 1), limit: int = Query(500, ge=1, le=MAX_LIMIT),
                     site: str | None = Query(None, max_length=64)) -> dict[str, Any]:
        """Events after `after` (the `cursor` of the previous answer; 0 from the start), oldest first:
        the same bodies the webhook signs and posts, with the event id the webhook sends as `webhook-id`."""
        return await run_in_threadpool(read_events, engine, after, limit, site)
