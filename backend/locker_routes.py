"""Routes of the locker network for integrations: extend a parcel's hold, cancel a parcel, and the
fill forecast of every locker for tomorrow (backend/pickup_windows.py, backend/capacity.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI, Path, Query
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend.capacity import cancel, forecast
from backend.integration import IntegrationError
from backend.models import LockerForecastOut, ParcelCancelOut, ParcelHoldOut
from backend.pickup_windows import extend

ParcelId = Path(min_length=1, max_length=64)


def register(app: FastAPI, engine: Engine, integration: Callable[..., Awaitable[None]],
             fail: Callable[[IntegrationError], Exception], errors: dict[int | str, dict[str, Any]]) -> None:
    """Add the routes; `integration` checks the integration token, `fail` turns a refusal into the
    app's error answer."""

    async def run(func: Callable[..., Any], *args: Any) -> Any:
        try:
            return await run_in_threadpool(func, *args)
        except IntegrationError as exc:
            raise fail(exc) from None

    @app.post("/v1/parcels/{parcel_id}/extend", response_model=ParcelHoldOut, responses=errors,
              tags=["integration"], dependencies=[Depends(integration)])
    async def extend_hold(parcel_id: str = ParcelId) -> dict[str, Any]:
        """Extend a waiting parcel's hold by its site's rules (409 `extension_limit` /
        `extension_not_allowed` / `not_in_locker`); the kiosk gets the new deadline on its next pull."""
        answer: dict[str, Any] = await run(extend, engine, parcel_id)
        return answer

    @app.post("/v1/parcels/{parcel_id}/cancel", response_model=ParcelCancelOut, responses=errors,
              tags=["integration"], dependencies=[Depends(integration)])
    async def cancel_parcel(parcel_id: str = ParcelId) -> dict[str, Any]:
        """Cancel a parcel not yet deposited and release its reservation (409 `already_deposited`)."""
        answer: dict[str, Any] = await run(cancel, engine, parcel_id)
        return answer

    @app.get("/v1/lockers/forecast", response_model=list[LockerForecastOut], responses=errors,
             tags=["integration"], dependencies=[Depends(integration)])
    async def lockers_forecast(site: str | None = Query(None, min_length=1, max_length=64)) -> list[dict[str, Any]]:
        """Tomorrow's expected peak fill of every locker (or of `site`): parcels still held then plus
        reservations expected to be deposited by then."""
        answer: list[dict[str, Any]] = await run(forecast, engine, site)
        return answer
