"""A site's pick faces (min/max per location and SKU) on the backend: set by `handoff-backend faces set`
or by the integration API (`PUT /v1/faces`), pulled by every terminal of the site as `pick_face`.

A face is checked against the site's own entities (the location and the SKU must be known there;
min ≤ max); a batch is all or nothing, so a shop's file of faces never half lands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend.auth import site_exists
from backend.changes import EntityStore

LIMIT = 1_000_000


class FaceIn(BaseModel):
    location_code: str = Field(min_length=1, max_length=100)
    sku_code: str = Field(min_length=1, max_length=100)
    min_qty: int = Field(ge=0, le=LIMIT)
    max_qty: int = Field(ge=1, le=LIMIT)


class FacesIn(BaseModel):
    site_id: str = Field(min_length=1, max_length=64)
    faces: list[FaceIn] = Field(max_length=5000)


class FacesOut(BaseModel):
    site_id: str
    faces: int


class FacesRefused(ValueError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def set_faces(engine: Engine, site_id: str, faces: list[dict[str, Any]]) -> int:
    """Create or change the faces (each {location_code, sku_code, min_qty, max_qty}); returns how many."""
    if not site_exists(engine, site_id):
        raise FacesRefused(404, "unknown_site", f"There is no site {site_id}.")
    with engine.begin() as conn:
        store = EntityStore(conn, site_id)
        for n, face in enumerate(faces, 1):
            where = f"Face {n} ({face['sku_code']} @ {face['location_code']})"
            if store.get("location", face["location_code"]) is None:
                raise FacesRefused(422, "unknown_location", f"{where}: location {face['location_code']} is not known "
                                                            f"at site {site_id}.")
            if store.get("sku", face["sku_code"]) is None:
                raise FacesRefused(422, "unknown_sku", f"{where}: SKU {face['sku_code']} is not known at site "
                                                       f"{site_id}.")
            if int(face["min_qty"]) > int(face["max_qty"]):
                raise FacesRefused(422, "min_over_max", f"{where}: min {face['min_qty']} is more than max "
                                                        f"{face['max_qty']}.")
            store.upsert("pick_face", {"location_code": face["location_code"], "sku_code": face["sku_code"],
                                       "min_qty": int(face["min_qty"]), "max_qty": int(face["max_qty"])})
        store.flush()
    return len(faces)


def register(app: FastAPI, engine: Engine, integration: Callable[..., Awaitable[None]],
             errors: dict[int | str, dict[str, Any]], api_error: Callable[..., Exception]) -> None:
    @app.put("/v1/faces", response_model=FacesOut, responses=errors, tags=["integration"],
             dependencies=[Depends(integration)])
    async def put_faces(body: FacesIn) -> dict[str, Any]:
        """Create or change pick faces of a site: min/max per location and SKU (all or nothing)."""
        try:
            count = await run_in_threadpool(set_faces, engine, body.site_id, [f.model_dump() for f in body.faces])
        except FacesRefused as exc:
            raise api_error(exc.status, exc.code, exc.message) from None
        return {"site_id": body.site_id, "faces": count}
