"""The FastAPI app: enrollment, push, pull (terminals), orders, parcels (integrations) and stats (supervisors)."""

from __future__ import annotations

import json
import logging
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend import auth, events_api, fleet_health, inbound_api
from backend.db import make_engine, migrate
from backend.delivery import Delivery
from backend.integration import IntegrationError, announce_parcel, upsert_order
from backend.locker_routes import register as register_locker_routes
from backend.models import (
    EnrollIn,
    EnrollOut,
    ErrorOut,
    OrderIn,
    OrderOut,
    ParcelIn,
    ParcelOut,
    PullOut,
    PushIn,
    PushOut,
    StatsOut,
)
from backend.notify import DEFAULT_RETENTION, LogNotifier, Notifier
from backend.notify_config import NotifyConfig
from backend.pull_page import pull_page_body
from backend.push import Transient, apply_push
from backend.push_wire import encode_answer, parse_push
from backend.ratelimit import Limits, hit, route_class
from backend.stats import FleetStats, StatsRefused, check_request, fleet_stats
from backend.stats import parse_moment as parse_stats_moment
from backend.stats_worker import StatsWorker
from terminal import __version__
from terminal.clock import Clock, SystemClock, iso
from terminal.sync.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    PROTOCOL,
    check_versions,
    entities_unknown_to,
)

log = logging.getLogger("backend.app")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    # a sentence may quote the request, and a lone surrogate quoted back cannot be encoded: escape it
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"protocol": PROTOCOL, "error": code, "message": message, **extra}, status_code=status)


class BodyLimit:
    """Refuse bodies over 1 MiB (413), undo gzip Content-Encoding, refuse NUL in the query (400),
    before any route sees them."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and b"%00" in scope.get("query_string", b""):
            await _error(400, "bad_text", "The query contains a NUL character (%00); send text without it.")(
                scope, receive, send)
            return
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        too_big = _error(413, "too_large", f"Request bodies are limited to {self.limit} bytes; send smaller batches.")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await too_big(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await too_big(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding == "gzip":
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                body = inflater.decompress(body, self.limit + 1)
                if len(body) > self.limit or inflater.unconsumed_tail:
                    await too_big(scope, receive, send)
                    return
            except zlib.error:
                bad = _error(400, "bad_gzip", "The body is marked gzip but cannot be decompressed.")
                await bad(scope, receive, send)
                return
        elif encoding not in ("identity", ""):
            await _error(415, "bad_encoding", f"Content-Encoding {encoding} is not supported; use gzip.")(
                scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"]
                            if k.lower() not in (b"content-encoding", b"content-length")]
        scope["headers"].append((b"content-length", str(len(body)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class RateLimit:
    """429 with Retry-After on enrolment and every unauthenticated route (backend/ratelimit.py)."""

    def __init__(self, app: ASGIApp, engine: Engine, limits: Limits) -> None:
        self.app, self.engine, self.limits = app, engine, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = route_class(scope["path"]) if scope["type"] == "http" else None
        if route is None:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = await run_in_threadpool(hit, self.engine, self.limits, route, client)
        if wait is None:
            await self.app(scope, receive, send)
            return
        refused = _error(429, "too_many_requests",
                         f"Too many requests from {client} to this route; try again in {wait} seconds.")
        refused.headers["Retry-After"] = str(wait)
        await refused(scope, receive, send)


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "This endpoint needs an Authorization: Bearer token.")
    return token.strip()


def create_app(db_url: str, *, notifier: Notifier | None = None, engine: Engine | None = None,
               docs: bool = False, limits: Limits | None = None,
               notification_retention: timedelta = DEFAULT_RETENTION, stats_wait: float = 30.0,
               clock: Clock | None = None, notify_config: NotifyConfig | None = None,
               notification_key: bytes | None = None) -> FastAPI:
    """The app for one store; migrations run here, so a fresh database just works.

    The stats projector's worker (backend/stats_worker.py) starts with the app (or, when the server
    runs without lifespan events, at the first /v1/stats) and stops with it (`app.state.stats_worker`).
    `stats_wait`: how long a /v1/stats request waits for the projection to reach the log. `docs`: serve
    /docs and /openapi.json (off: the schema is `app.openapi()` for tools). `limits`: the rate limits
    of the unauthenticated routes. `notification_retention`: how long a delivered notification's
    (code-free) log row is kept. `clock`: the time fleet health is judged by (tests move it).
    `notify_config` and `notification_key`: deliver the recipients'
    messages and the shop's events through the delivery worker (backend/delivery.py), which starts and
    stops with the app like the stats worker (`app.state.delivery`; None without a configuration)."""
    engine = engine or make_engine(db_url)
    migrate(engine)
    the_notifier = notifier or LogNotifier()
    shown = {} if docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    projector = StatsWorker(engine)
    delivery = _delivery(engine, notify_config, notification_key, notification_retention)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        projector.start()
        if delivery is not None:
            delivery.start()
        yield
        await run_in_threadpool(projector.stop)
        if delivery is not None:
            await run_in_threadpool(delivery.stop)

    app = FastAPI(title="Handoff sync backend", version=__version__, lifespan=lifespan,
                  description="Sync protocol v1 for terminals; orders and parcels for integrations.", **shown)
    app.state.engine = engine
    app.state.stats_worker = projector
    app.state.notifier = the_notifier
    app.state.clock = clock or SystemClock()
    app.state.delivery = delivery
    app.add_middleware(BodyLimit)
    app.add_middleware(RateLimit, engine=engine, limits=limits or Limits())
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422, 426, 429, 503)}

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, **exc.extra)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # unknown paths and methods answer in the protocol's error shape too, with a sentence
        return _error(exc.status_code, "http_error", f"{request.method} {request.url.path}: {exc.detail}.")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = exc.body if isinstance(getattr(exc, "body", None), dict) else None
        if body is not None and request.url.path in ("/v1/push", "/v1/enroll"):
            version_problem = check_versions(body) if "protocol" in body else None
            if version_problem:
                return _error(426, "update_needed", version_problem)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        reason = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        message = (f"{where}: {reason}" if where else reason) if first else "The request is malformed."
        return _error(422, "invalid", message)

    async def terminal_identity(request: Request) -> auth.TerminalIdentity:
        token = _bearer(request)
        identity = await run_in_threadpool(_identity, engine, token)
        if identity is None:
            raise ApiError(401, "unauthorized", "The token is not valid; enrol this terminal again.")
        return identity

    async def integration(request: Request) -> None:
        token = _bearer(request)
        if not await run_in_threadpool(auth.integration_token_valid, engine, token):
            raise ApiError(401, "unauthorized", "The integration token is not valid.")

    @app.post("/v1/enroll", response_model=EnrollOut, responses=errors, tags=["terminals"])
    async def enroll(body: EnrollIn) -> dict[str, Any]:
        """Spend a single-use enrollment code; the token in the answer is shown only this once."""
        problem = check_versions({"protocol": body.protocol})
        if problem:
            raise ApiError(426, "update_needed", problem)
        try:
            result = await run_in_threadpool(auth.enroll, engine, body.enrollment_code, body.terminal_name, body.role)
        except auth.EnrollmentRefused:
            raise ApiError(403, "enrollment_refused",
                           "That enrollment code is unknown, used or expired; ask for a new one.") from None
        log.info("terminal %s enrolled at site %s", result["terminal_id"], result["site_id"])
        return {"protocol": PROTOCOL, **result}

    @app.post("/v1/push", response_model=PushOut, responses=errors, tags=["terminals"],
              openapi_extra=_json_body(PushIn))
    async def push(request: Request, terminal: auth.TerminalIdentity = Depends(terminal_identity)) -> Any:
        """Apply ops in seq order: duplicates answered, gaps refused (409), rejections stored."""
        body = parse_push(await request.body())
        problem = check_versions({"protocol": body.protocol, "schema_version": body.schema_version})
        if problem:
            raise ApiError(426, "update_needed", problem)
        if body.terminal_id != terminal.id:
            raise ApiError(403, "wrong_terminal", "A terminal can push only its own ops.")
        try:
            outcome = await run_in_threadpool(apply_push, engine, terminal.id, terminal.site_id, body.ops)
        except Transient as exc:
            log.warning("push from %s failed for now: %s", terminal.id, exc)
            raise ApiError(503, "unavailable", "The backend store is busy; try again shortly.") from None
        projector.kick()     # committed: the stats projector follows
        if delivery is not None:
            delivery.kick()  # and the messages and events it caused go out
        return Response(encode_answer(outcome.body), status_code=outcome.status, media_type="application/json")

    @app.get("/v1/pull", response_model=PullOut, responses=errors, tags=["terminals"])
    async def pull(terminal: auth.TerminalIdentity = Depends(terminal_identity),
                   cursor: str = Query("", max_length=100),
                   limit: int = Query(DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT),
                   protocol: int = Query(PROTOCOL), schema_version: int | None = Query(None),
                   app_version: str = Query("", max_length=40)) -> Response:
        """The next page of this site's changes after `cursor`, plus this terminal's new rejections."""
        problem = check_versions({"protocol": protocol, "schema_version": schema_version})
        if problem:
            raise ApiError(426, "update_needed", problem)
        after_change, after_rejection = _parse_cursor(cursor)
        body = await run_in_threadpool(pull_page_body, engine, terminal.site_id, terminal.id, after_change,
                                       after_rejection, limit, entities_unknown_to(schema_version))
        return Response(body, media_type="application/json")

    @app.post("/v1/orders", response_model=OrderOut, responses=errors, tags=["integration"],
              dependencies=[Depends(integration)])
    async def orders(body: OrderIn) -> dict[str, Any]:
        """Create or update an order by its external id; `cancelled: true` cancels it. Idempotent."""
        try:
            answer = await run_in_threadpool(upsert_order, engine, body)
        except IntegrationError as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
        projector.kick()
        return answer

    @app.post("/v1/parcels", response_model=ParcelOut, responses=errors, tags=["integration"],
              dependencies=[Depends(integration)], response_model_exclude_none=True)
    async def parcels(body: ParcelIn) -> dict[str, Any]:
        """Announce a parcel for a locker site; the recipient gets the code, terminals only its HMAC."""
        try:
            return await run_in_threadpool(announce_parcel, engine, body, the_notifier, notification_retention,
                                           delivery=delivery)
        except IntegrationError as exc:
            raise ApiError(exc.status, exc.code, exc.message, **exc.extra) from None

    register_locker_routes(app, engine, integration, lambda e: ApiError(e.status, e.code, e.message, **e.extra),
                           errors)

    @app.get("/v1/stats", response_model=StatsOut, responses=errors, tags=["supervisors"])
    async def stats(request: Request, site: str | None = Query(None, max_length=64),
                    start: str | None = Query(None, alias="from", max_length=40),
                    end: str | None = Query(None, alias="to", max_length=40)) -> JSONResponse:
        """The shift KPIs (the keys of `handoff stats --json`) over [from, to) for one site or the fleet.

        An integration token may ask for any site or (without `site`) the whole fleet; a terminal
        token only for its own site, which is also its default."""
        token = _bearer(request)
        if not await run_in_threadpool(auth.integration_token_valid, engine, token):
            identity = await run_in_threadpool(_identity, engine, token)
            if identity is None:
                raise ApiError(401, "unauthorized", "The token is not valid for statistics.")
            if site is not None and site != identity.site_id:
                raise ApiError(403, "other_site", "A terminal may see only its own site's statistics.")
            site = identity.site_id
        try:
            window = (parse_stats_moment(start, "from"), parse_stats_moment(end, "to"))
            behind, result = await run_in_threadpool(_stats_answer, engine, projector, site, *window, stats_wait)
        except StatsRefused as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
        assert result.window is not None
        headers = {"X-Handoff-Sites": str(len(result.sites)), "X-Handoff-Unreplayed": str(result.unreplayed),
                   "X-Handoff-Replay-Errors": str(result.replay_errors), "X-Handoff-Stats-Behind": str(behind),
                   "X-Handoff-Window": f"{iso(result.window[0])}/{iso(result.window[1])}"}
        if result.as_of is not None:
            headers["X-Handoff-Stats-As-Of"] = iso(result.as_of)
        return JSONResponse(result.kpis, headers=headers)

    from backend.support_routes import register as register_support  # needs this module loaded
    register_support(app, engine)
    fleet_health.register(app, errors)
    events_api.register(app, engine, integration, errors)
    inbound_api.register(app, integration, errors, lambda e: ApiError(e.status, e.code, e.message))
    from backend.exceptions_api import register as register_exceptions  # noqa: I001 - one line to merge
    register_exceptions(app, errors)
    from backend.faces import register as register_faces  # noqa: I001 - one line to merge
    register_faces(app, engine, integration, errors, ApiError)

    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        """FastAPI's schema plus the models of the bodies routes read themselves (`_json_body`)."""
        if app.openapi_schema is None:
            document = plain_openapi()
            _, defs = models_json_schema([(PushIn, "validation")], ref_template="#/components/schemas/{model}")
            document.setdefault("components", {}).setdefault("schemas", {}).update(defs["$defs"])
        return app.openapi_schema   # type: ignore[return-value]

    app.openapi = openapi   # type: ignore[method-assign]
    return app


def _delivery(engine: Engine, config: NotifyConfig | None, key: bytes | None,
              retention: timedelta) -> Delivery | None:
    if config is None:
        return None
    if key is None:
        raise ValueError("A notification configuration needs the notification key (--notification-key-file).")
    return Delivery(engine, config, key, retention=retention)


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of a route that validates its own bytes with `model`."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


def _stats_answer(engine: Engine, projector: StatsWorker, site: str | None, start: datetime, end: datetime,
                  wait: float) -> tuple[int, FleetStats]:
    """Refuse a bad request at once; else wait for the projection to reach the log (at most `wait`)
    and read the figures."""
    check_request(engine, site, start, end)
    projector.start()
    behind = projector.wait_caught_up(site, wait)
    return behind, fleet_stats(engine, site, start, end)


def _identity(engine: Engine, token: str) -> auth.TerminalIdentity | None:
    try:
        return auth.terminal_for_token(engine, token)
    except auth.Revoked:
        raise ApiError(401, "revoked", auth.REVOKED_MESSAGE) from None


#: ids are BIGINT: at most 2**63 - 1 (19 digits); anything else was not given out by this backend
_CURSOR = re.compile(r"c1\.([0-9]{1,19})\.([0-9]{1,19})", re.ASCII)


def _parse_cursor(cursor: str) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    found = _CURSOR.fullmatch(cursor)
    if found is None or max(int(found[1]), int(found[2])) >= 2**63:
        raise ApiError(400, "bad_cursor", "The cursor is not one this backend gave out; pull from the start.")
    return int(found[1]), int(found[2])


def dump_openapi(app: FastAPI) -> str:
    return json.dumps(app.openapi(), indent=2)
