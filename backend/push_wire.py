"""The push body read and the push answer written with msgspec, in C, straight into the dicts the push uses.

pydantic-core's `model_validate_json` of a 500-op body, then building a WireOp dict of each op, then
the answer through `json.dumps`, cost more than a third of the backend's own time per batch in issue 13's
benchmark (bench/bench_sync_floor.py); msgspec decodes the same body in a third of the time.

msgspec reads only what the pydantic models (backend/models.py, also the body's OpenAPI schema) would
accept as the same values: it refuses NaN, ±Infinity, numbers out of range, invalid UTF-8 and lone
surrogate escapes, and every one of its refusals — as well as a body whose bytes hold a NUL escape —
goes the pydantic way, so a bad body is answered exactly as before (the 426 for an old protocol, a 422
naming the field)."""

from __future__ import annotations

import json
from typing import Annotated, Any, TypedDict

import msgspec
from fastapi.exceptions import RequestValidationError
from msgspec import Meta
from pydantic import ValidationError

from backend.models import PushBody, PushIn
from terminal.sync.protocol import MAX_OPS, OP_NAME, WireOp


class _Op(TypedDict):
    """WireOp with OpIn's limits (backend/models.py)."""

    seq: Annotated[int, Meta(ge=1, le=2**62)]
    op_id: Annotated[str, Meta(min_length=1, max_length=64)]
    name: Annotated[str, Meta(pattern=OP_NAME.pattern)]
    args: dict[str, Any]
    at: Annotated[str, Meta(min_length=1, max_length=40)]


class PushWire(msgspec.Struct, frozen=True):
    """A push body (PushIn's fields); its ops are the WireOp dicts `apply_push` takes."""

    protocol: int
    terminal_id: Annotated[str, Meta(max_length=64)]
    schema_version: int
    ops: Annotated[list[WireOp], Meta(max_length=MAX_OPS)]
    app_version: Annotated[str, Meta(max_length=40)] = ""


class _Fast(msgspec.Struct):
    protocol: int
    terminal_id: Annotated[str, Meta(max_length=64)]
    schema_version: int
    ops: Annotated[list[_Op], Meta(max_length=MAX_OPS)]
    app_version: Annotated[str, Meta(max_length=40)] = ""


_decoder = msgspec.json.Decoder(_Fast)
_encoder = msgspec.json.Encoder()


def _fast(raw: bytes) -> PushWire | None:
    """The body when msgspec reads it and every op fits; None to let pydantic word what is wrong."""
    if b"\\u0000" in raw:
        return None     # text no store can keep may be in it: PushIn checks every text
    try:
        body = _decoder.decode(raw)
    except (msgspec.DecodeError, UnicodeError):
        return None
    ops: list[Any] = body.ops
    seq = ops[0]["seq"] - 1 if ops else 0
    for op in ops:
        # `$` in a Python pattern also matches before a final newline; pydantic's does not
        if op["seq"] != seq + 1 or OP_NAME.fullmatch(op["name"]) is None:
            return None
        seq += 1
    return PushWire(body.protocol, body.terminal_id, body.schema_version, ops, body.app_version)


def parse_push(raw: bytes) -> PushWire:
    """The push body, or RequestValidationError (FastAPI's 422, and the 426 check reads `body`)."""
    return _fast(raw) or _by_the_models(raw)


def _by_the_models(raw: bytes) -> PushWire:
    """The body as pydantic reads it (a refused one as FastAPI words it): the fast reading's reference."""
    try:
        # the text check (PushIn) makes pydantic build the body as Python objects first: only when
        # the bytes may hold a NUL; pydantic-core's parser refuses lone surrogates itself
        model = PushBody if b"\\u0000" not in raw else PushIn
        return _from_model(model.model_validate_json(raw))
    except ValidationError:
        pass
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        message = f"The body is not JSON ({getattr(exc, 'msg', exc)}); send one JSON object."
        raise RequestValidationError([{"type": "json_invalid", "loc": (), "msg": message}]) from None
    try:
        return _from_model(PushIn.model_validate(parsed))
    except ValidationError as exc:   # the 426 check reads protocol and schema_version from the body
        raise RequestValidationError(exc.errors(include_url=False), body=parsed) from None


def _from_model(model: PushBody) -> PushWire:
    ops = [WireOp(seq=op.seq, op_id=op.op_id, name=op.name, args=op.args, at=op.at) for op in model.ops]
    return PushWire(model.protocol, model.terminal_id, model.schema_version, ops, model.app_version)


def encode_answer(body: dict[str, Any]) -> bytes:
    """The push answer (PushOut or ErrorOut) as JSON."""
    return _encoder.encode(body)
