"""HTTP routes for support agents (backend/support.py): open a compartment for a parcel, take one out of
service, read a command's state and the support log. Every route needs a support token
(`handoff-backend support token --name AGENT`); the agent a command names is that token's name."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Path, Query, Request
from pydantic import Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend import support
from backend.app import ApiError, _bearer
from backend.models import _Request


class OpenIn(_Request):
    terminal_id: str = Field(min_length=1, max_length=64)
    parcel_id: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=2000)
    valid_min: int = Field(5, ge=1, le=support.MAX_VALID_MIN)


class OutOfServiceIn(_Request):
    terminal_id: str = Field(min_length=1, max_length=64)
    compartment_id: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=2000)
    valid_min: int = Field(5, ge=1, le=support.MAX_VALID_MIN)


def register(app: FastAPI, engine: Engine) -> None:
    async def agent(request: Request) -> str:
        name = await run_in_threadpool(support.agent_for_token, engine, _bearer(request))
        if name is None:
            raise ApiError(401, "unauthorized", "This route needs a support token (handoff-backend support token).")
        return name

    async def issue(request: support.Request) -> dict[str, Any]:
        try:
            return await run_in_threadpool(support.issue, engine, request)
        except support.SupportRefused as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None

    @app.post("/v1/support/open", status_code=201, tags=["support"])
    async def open_compartment(body: OpenIn, name: str = Depends(agent)) -> dict[str, Any]:
        """Open the compartment that holds `parcel_id` at kiosk `terminal_id`, once, within `valid_min`."""
        return await issue(support.Request("open", body.terminal_id, body.reason, name, parcel_id=body.parcel_id,
                                           valid_min=body.valid_min))

    @app.post("/v1/support/out-of-service", status_code=201, tags=["support"])
    async def out_of_service(body: OutOfServiceIn, name: str = Depends(agent)) -> dict[str, Any]:
        """Take `compartment_id` at kiosk `terminal_id` out of service."""
        return await issue(support.Request("out_of_service", body.terminal_id, body.reason, name,
                                           compartment_id=body.compartment_id, valid_min=body.valid_min))

    @app.get("/v1/support/commands/{command_id}", tags=["support"], dependencies=[Depends(agent)])
    async def command(command_id: str = Path(min_length=1, max_length=100)) -> dict[str, Any]:
        """A command's state: pending, executed or refused (with the kiosk's code)."""
        found = await run_in_threadpool(support.command_status, engine, command_id)
        if found is None:
            raise ApiError(404, "unknown_command", f"There is no support command {command_id}.")
        return found

    @app.get("/v1/support/log", tags=["support"], dependencies=[Depends(agent)])
    async def log(terminal: str | None = Query(None, max_length=64), command: str | None = Query(None, max_length=100),
                  limit: int = Query(200, ge=1, le=1000)) -> dict[str, Any]:
        """The support log, oldest first: issued, executed, refused."""
        rows = await run_in_threadpool(support.read_log, engine, terminal_id=terminal, command_id=command, limit=limit)
        return {"entries": rows}
