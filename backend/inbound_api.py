"""POST /v1/inbound: the backend announces an inbound delivery (an ASN or a purchase order) to a site;
its terminals pull it as `inbound` + `inbound_line` and receive against it (docs/INTEGRATION.md).

Idempotent by (site, external id): the same body again changes nothing; a changed body replaces the
lines while nobody has started receiving, and is refused (409) after — the dock's count is the truth
then, and what differs from the ASN shows as over/under on the station."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend.changes import EntityStore, dumps
from backend.integration import IntegrationError, _site_exists
from backend.models import _Model, _Request
from backend.push import now_iso
from terminal.ids import new_id


class InboundLineIn(_Model):
    sku_code: str = Field(min_length=1, max_length=64)
    qty: int = Field(ge=1, le=1_000_000)


class InboundIn(_Request):
    external_id: str = Field(min_length=1, max_length=128)
    site_id: str = Field(min_length=1, max_length=64)
    ref: str | None = Field(default=None, max_length=128)       # the delivery note number; default external_id
    supplier: str | None = Field(default=None, max_length=200)
    expected_at: str | None = Field(default=None, max_length=40)
    lines: list[InboundLineIn] = Field(min_length=1, max_length=1000)


class InboundOut(BaseModel):
    inbound_id: str
    status: str
    result: Literal["created", "updated", "unchanged"]


def upsert_inbound(engine: Engine, body: InboundIn) -> dict[str, str]:
    body_hash = hashlib.sha256(dumps(body.model_dump()).encode()).hexdigest()
    with engine.begin() as conn:
        if not _site_exists(conn, body.site_id):
            raise IntegrationError(404, "unknown_site", f"There is no site {body.site_id}.")
        store = EntityStore(conn, body.site_id)
        # private (never pulled): which delivery an external id became, and the body it was made from
        known = store.get("inbound_external", body.external_id)
        if known and known["body_hash"] == body_hash:
            current = store.get("inbound", known["inbound_id"]) or {}
            return {"inbound_id": known["inbound_id"], "status": current.get("status", "announced"),
                    "result": "unchanged"}
        for line in body.lines:
            if not store.get("sku", line.sku_code):
                raise IntegrationError(422, "unknown_sku", f"SKU {line.sku_code} is not known at this site.")
        current = store.get("inbound", known["inbound_id"]) if known else None
        if current is not None and current.get("status") != "announced":
            raise IntegrationError(409, "inbound_in_progress", f"Delivery {current.get('ref')} is being received "
                                   f"already; its lines cannot change any more.")
        inbound_id = known["inbound_id"] if known else new_id()
        old = {int(r["line_no"]): r for r in store.all("inbound_line") if r.get("inbound_id") == inbound_id}
        store.upsert("inbound", {"id": inbound_id, "ref": body.ref or body.external_id, "supplier": body.supplier,
                                 "source": "asn", "status": "announced", "expected_at": body.expected_at,
                                 "created_at": (current or {}).get("created_at") or now_iso(), "started_at": None,
                                 "closed_at": None, "closed_by": None})
        for line_no, line in enumerate(body.lines, start=1):
            kept = old.pop(line_no, None)
            store.upsert("inbound_line", {"id": kept["id"] if kept else new_id(), "inbound_id": inbound_id,
                                          "line_no": line_no, "sku_code": line.sku_code, "expected_qty": line.qty})
        for gone in old.values():
            store.delete("inbound_line", gone["id"])
        store.upsert("inbound_external", {"inbound_id": inbound_id, "body_hash": body_hash}, key=body.external_id)
        store.flush()
    return {"inbound_id": inbound_id, "status": "announced", "result": "updated" if known else "created"}


def register(app: FastAPI, integration: Callable[..., Awaitable[None]], errors: dict[int | str, dict[str, Any]],
             api_error: Callable[[IntegrationError], Exception]) -> None:
    engine: Engine = app.state.engine

    @app.post("/v1/inbound", response_model=InboundOut, responses=errors, tags=["integration"],
              dependencies=[Depends(integration)])
    async def inbound(body: InboundIn) -> dict[str, Any]:
        """Announce an inbound delivery (ASN / purchase order) by its external id. Idempotent."""
        try:
            return await run_in_threadpool(upsert_inbound, engine, body)
        except IntegrationError as exc:
            raise api_error(exc) from None
