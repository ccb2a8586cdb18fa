"""The HTTP side of sync-v1 (httpx): timeouts, TLS verification with an optional CA file, gzip bodies.

Errors are sorted by what the worker should do: `UpdateNeeded` (426: stop retrying, show it),
`NotEnrolled` (401/403: stop, needs an operator), `GapError` (409: resend from `expected_seq`),
`HistoryDiverged` (409: the backend has other ops under these seqs — re-base after its `last_seq`),
`SyncUnavailable` (network trouble, 5xx: retry with backoff), `SyncRefused` (other 4xx)."""

from __future__ import annotations

import gzip
import re
import ssl
from typing import Any

import httpx
import msgspec

from terminal import __version__
from terminal.errors import HandoffError
from terminal.sync.protocol import (
    PROTOCOL,
    EnrollResponse,
    OutgoingOp,
    PullResponse,
    PushResponse,
    decode_pull_response,
    validate_push_response,
)

GZIP_OVER = 4096


class SyncError(HandoffError):
    """Sync did not complete; the message is for the operator."""

    #: what the screens word in the reader's language (sync_state.last_error_code); the message is English
    code = "failed"


class SyncUnavailable(SyncError):
    """The backend could not be reached or answered 5xx: try again later."""

    code = "unavailable"


class UpdateNeeded(SyncError):
    """The backend does not serve this terminal's protocol or schema (426): do not retry."""

    code = "update_needed"


class NotEnrolled(SyncError):
    """The backend does not accept this terminal's token (401/403)."""

    code = "not_enrolled"


class SyncRefused(SyncError):
    """The backend refused a request as malformed (4xx): retrying the same request will not help."""

    code = "refused"


class GapError(SyncError):
    code = "gap"

    def __init__(self, expected_seq: int) -> None:
        super().__init__(f"The backend expects op {expected_seq} next.")
        self.expected_seq = expected_seq


class HistoryDiverged(SyncError):
    """The backend has other ops under seqs this terminal sent (restored backup, copied database)."""

    code = "diverged"

    def __init__(self, last_seq: int, known_op_ids: list[str], message: str) -> None:
        super().__init__(message)
        self.last_seq = last_seq
        self.known_op_ids = known_op_ids


def _payload(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _raise_for(status: int, payload: dict[str, Any], reason: str) -> None:
    """Raise the SyncError for a status that is not success (sorted as the module docstring says)."""
    message = str(payload.get("message") or reason)
    if status == 426:
        raise UpdateNeeded(f"Update needed: {message}")
    if status in (401, 403):
        raise NotEnrolled(f"The backend refused this terminal: {message}")
    if status == 409 and isinstance(payload.get("expected_seq"), int):
        raise GapError(payload["expected_seq"])
    known = payload.get("known_op_ids")
    if status == 409 and payload.get("error") == "history_diverged" and isinstance(payload.get("last_seq"), int) \
            and isinstance(known, list) and all(isinstance(k, str) for k in known):
        raise HistoryDiverged(payload["last_seq"], known, message)
    if status >= 500 or status in (408, 429):
        raise SyncUnavailable(f"The backend is unavailable ({status}): {message}")
    if status >= 400:
        raise SyncRefused(f"The backend refused the request ({status}): {message}")


def verify_setting(ca_file: str) -> ssl.SSLContext | bool:
    """TLS verification is always on; a CA file replaces the system store (e.g. a private CA)."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else True


class SyncClient:
    def __init__(self, base_url: str, token: str = "", *, ca_file: str = "", timeout_s: float = 15.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        headers = {"User-Agent": f"handoff/{__version__}", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, verify=verify_setting(ca_file),
                                  timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)),
                                  transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, *, body: dict[str, Any] | None = None,
              params: dict[str, Any] | None = None) -> httpx.Response:
        """The backend's 2xx answer; anything else raised as the SyncError that says what to do."""
        headers: dict[str, str] = {}
        content: bytes | None = None
        if body is not None:
            content = msgspec.json.encode(body)   # op args may be msgspec.Raw: the outbox's JSON as it is
            headers["Content-Type"] = "application/json"
            if len(content) > GZIP_OVER:
                content = gzip.compress(content, compresslevel=1)
                headers["Content-Encoding"] = "gzip"
        try:
            response = self._http.request(method, path, content=content, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise SyncUnavailable(f"The backend did not answer in time ({type(exc).__name__}).") from exc
        except httpx.TransportError as exc:
            raise SyncUnavailable(f"The backend cannot be reached ({type(exc).__name__}: {exc}).") from exc
        if 200 <= response.status_code < 300:
            return response
        _raise_for(response.status_code, _payload(response), response.reason_phrase)
        return response   # a 1xx/3xx: the caller finds no JSON in it

    def _request(self, method: str, path: str, *, body: dict[str, Any] | None = None,
                 params: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._send(method, path, body=body, params=params)
        payload = _payload(response)
        if not payload:
            raise SyncUnavailable(f"The backend sent an answer that is not JSON ({response.status_code}).")
        return payload

    def enroll(self, code: str, terminal_name: str, role: str) -> EnrollResponse:
        body = self._request("POST", "/v1/enroll", body={"protocol": PROTOCOL, "enrollment_code": code,
                                                         "terminal_name": terminal_name, "role": role})
        for field in ("terminal_id", "site_id", "token", "site_key"):
            if not isinstance(body.get(field), str):
                raise SyncRefused(f"The enrollment answer has no {field}.")
        answer = EnrollResponse(protocol=PROTOCOL, terminal_id=body["terminal_id"], site_id=body["site_id"],
                                token=body["token"], site_key=body["site_key"])
        if "badge_key" in body:
            if not (isinstance(body["badge_key"], str) and re.fullmatch(r"[0-9a-f]{32,128}", body["badge_key"])):
                raise SyncRefused("The enrollment answer's badge_key is not a hex key.")
            answer["badge_key"] = body["badge_key"]
        if body.get("support_key") is not None:   # the backend's Ed25519 key for remote support commands
            if not (isinstance(body["support_key"], str) and re.fullmatch(r"[0-9a-f]{64}", body["support_key"])):
                raise SyncRefused("The enrollment answer's support_key is not a hex Ed25519 key.")
            answer["support_key"] = body["support_key"]
        return answer

    def push(self, terminal_id: str, schema_version: int, ops: list[OutgoingOp]) -> PushResponse:
        body = self._request("POST", "/v1/push", body={
            "protocol": PROTOCOL, "terminal_id": terminal_id, "schema_version": schema_version,
            "app_version": __version__, "ops": ops})
        try:
            return validate_push_response(body)
        except ValueError as exc:
            raise SyncUnavailable(f"The backend's push answer is malformed: {exc}") from exc

    def stats(self, start: str, end: str, site: str | None = None) -> dict[str, Any]:
        """GET /v1/stats: the KPI object for [start, end) — the fleet, or one site (see docs/PROTOCOL.md)."""
        params = {"from": start, "to": end, **({"site": site} if site else {})}
        return self._request("GET", "/v1/stats", params=params)

    def lockers_forecast(self) -> dict[str, Any]:
        """GET /v1/lockers/forecast: tomorrow's expected fill per locker (this site's, for a terminal token)."""
        return self._request("GET", "/v1/lockers/forecast")

    def pull(self, cursor: str, schema_version: int, limit: int = 500) -> PullResponse:
        response = self._send("GET", "/v1/pull", params={
            "cursor": cursor, "limit": limit, "protocol": PROTOCOL, "schema_version": schema_version,
            "app_version": __version__})
        try:
            return decode_pull_response(response.content)   # one pass: no dicts walked in Python
        except ValueError as exc:
            raise SyncUnavailable(f"The backend's pull answer is malformed: {exc}") from exc

    def heartbeat(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /v1/heartbeat: this terminal's health after a sync cycle (terminal/sync/heartbeat.py)."""
        return self._request("POST", "/v1/heartbeat", body=body)

    def fleet_health(self, site: str | None = None) -> dict[str, Any]:
        """GET /v1/fleet/health: the terminals that report, worst first (docs/PROTOCOL.md)."""
        return self._request("GET", "/v1/fleet/health", params={"site": site} if site else None)

    def backend_exceptions(self, limit: int = 100) -> dict[str, Any]:
        """GET /v1/exceptions: the backend's open supervisor exceptions, newest first (docs/PROTOCOL.md)."""
        return self._request("GET", "/v1/exceptions", params={"limit": limit})
