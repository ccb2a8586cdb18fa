"""Who may read the supervisors' views of the backend (fleet health, the backend's exceptions): an
integration token any site or (without `site`) the whole fleet, a terminal token only its own site,
which is also its default — the rule /v1/stats keeps in backend/app.py."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from backend import auth


async def supervisor_site(engine: Engine, request: Request, site: str | None, what: str) -> str | None:
    """The site the caller may see for `what` (None: the fleet); ApiError 401 or 403 otherwise."""
    from backend.app import ApiError, _bearer, _identity  # app.py registers the routes that call this

    token = _bearer(request)
    if await run_in_threadpool(auth.integration_token_valid, engine, token):
        return site
    identity = await run_in_threadpool(_identity, engine, token)
    if identity is None:
        raise ApiError(401, "unauthorized", f"The token is not valid for {what}.")
    if site is not None and site != identity.site_id:
        raise ApiError(403, "other_site", f"A terminal may see only its own site's {what}.")
    return identity.site_id
