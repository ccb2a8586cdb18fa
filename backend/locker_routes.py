"""Routes of the locker network for integrations: extend a parcel's hold, cancel a parcel, and the
fill forecast of every locker for tomorrow (backend/pickup_windows.py, backend/capacity.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, FastAPI, Path, Query, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend import auth
from backend.capacity import cancel, forecast
from backend.integration import IntegrationError
from backend.models import ForecastOut, ParcelCancelOut, ParcelHoldOut
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
        `extension_not_allowed` / `not_in_locker`, or `locker_full_extension` when parcels announced
        to the locker would then find no compartment); the kiosk gets the new deadline on its next pull, the
        recipient (delivery configured) a message with it, and the reminder waits for it."""
        answer: dict[str, Any] = await run(extend, engine, parcel_id)
        delivery = getattr(app.state, "delivery", None)
        if delivery is not None:
            delivery.kick()      # the recipient's "extended" message goes now, not at the next poll
        return answer

    @app.post("/v1/parcels/{parcel_id}/cancel", response_model=ParcelCancelOut, responses=errors,
              tags=["integration"], dependencies=[Depends(integration)])
    async def cancel_parcel(parcel_id: str = ParcelId) -> dict[str, Any]:
        """Cancel a parcel not yet deposited and release its reservation (409 `already_deposited`)."""
        answer: dict[str, Any] = await run(cancel, engine, parcel_id)
        return answer

    def forecast_site(token: str, site: str | None) -> str | None:
        """The site a token may see the forecast of: any (integration token) or its own (a terminal's)."""
        if auth.integration_token_valid(engine, token):
            return site
        try:
            identity = auth.terminal_for_token(engine, token)
        except auth.Revoked:
            identity = None
        if identity is None:
            raise IntegrationError(401, "unauthorized", "The token is not valid for the locker forecast.")
        if site is not None and site != identity.site_id:
            raise IntegrationError(403, "other_site", "A terminal may see only its own site's forecast.")
        return identity.site_id

    @app.get("/v1/lockers/forecast", response_model=ForecastOut, responses=errors, tags=["integration"])
    async def lockers_forecast(request: Request,
                               site: str | None = Query(None, min_length=1, max_length=64)) -> dict[str, Any]:
        """Tomorrow's expected peak fill of every locker (or of `site`): parcels still held then plus
        reservations expected to be deposited by then. An integration token sees every locker, a
        terminal token (the supervisor's Tomorrow tab) its own site."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise fail(IntegrationError(401, "unauthorized", "This endpoint needs an Authorization: Bearer token."))
        scope = await run(forecast_site, token.strip(), site)
        answer: dict[str, Any] = await run(forecast, engine, scope)
        return answer
