"""A pull answer is decoded in one msgspec pass (terminal/sync/protocol.py `decode_pull_response`).
Property: whatever the bytes, it answers what the two-step way (json.loads, then the Python walk
`validate_pull_response`, kept as the model and as the fallback) answers — the same page or a
ProtocolError — and never another exception (a list `entity` raised TypeError from the walk)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.sync.client import SyncClient, SyncUnavailable
from terminal.sync.protocol import ENTITIES, PullResponse, decode_pull_response, validate_pull_response

_scalar = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=8)
_json: Any = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                                                inner, max_size=3),
                          max_leaves=8)
_change = st.fixed_dictionaries({
    "entity": st.sampled_from(sorted(ENTITIES)), "key": st.text(max_size=10),
    "op": st.sampled_from(["upsert", "delete"]), "data": st.dictionaries(st.text(max_size=6), _json, max_size=4)})
_page = st.fixed_dictionaries({
    "protocol": st.just(1), "cursor": st.text(max_size=12), "has_more": st.booleans(),
    "changes": st.lists(_change, max_size=5), "rejections": st.lists(_json, max_size=2),
    "position": st.none() | st.integers(0, 2**62),
    "support_commands": st.lists(st.fixed_dictionaries({"payload": st.text(max_size=8),
                                                         "signature": st.text(max_size=8)}), max_size=2)})
#: a field of a page, or of one of its changes, replaced by any JSON value (or left out)
_FIELDS = ["protocol", "cursor", "has_more", "changes", "rejections", "position", "support_commands"]
_CHANGE_FIELDS = ["entity", "key", "op", "data"]


def _model(raw: bytes) -> PullResponse | str:
    """The two-step answer, or the name of the ProtocolError it raised."""
    try:
        body = json.loads(raw)
    except ValueError:
        return "not JSON"
    try:
        return validate_pull_response(body)
    except ValueError as exc:
        return str(exc)


def _decoded(raw: bytes) -> PullResponse | str:
    try:
        return decode_pull_response(raw)
    except ValueError as exc:   # ProtocolError; anything else fails the test
        return "not JSON" if "not JSON" in str(exc) else str(exc)


def _comparable(answer: PullResponse | str) -> Any:
    """Changes compared on their four fields (extra fields of a change are not kept by the decode)."""
    if isinstance(answer, str):
        return answer
    return {**answer, "changes": [{k: c[k] for k in _CHANGE_FIELDS} for c in answer["changes"]]}


@settings(max_examples=300, deadline=None)
@given(page=_page, field=st.sampled_from(_FIELDS + _CHANGE_FIELDS + [None]), value=_json | st.just(...))
def test_the_one_pass_decode_answers_what_the_walk_answers(page: dict[str, Any], field: str | None,
                                                          value: Any) -> None:
    target = page["changes"][-1] if field in _CHANGE_FIELDS and page["changes"] else page
    if field is not None and (field in _FIELDS or target is not page):
        if value is ...:
            target.pop(field, None)
        else:
            target[field] = value
    raw = json.dumps(page, allow_nan=True).encode()
    assert _comparable(_decoded(raw)) == _comparable(_model(raw))


@pytest.mark.parametrize("raw", [
    b'{"cursor": "c1.1.0", "has_more": false, "changes": [{"entity": ["setting"], "key": "k", "op": "upsert",'
    b' "data": {}}]}',
    b'{"cursor": "c1.1.0", "has_more": false, "changes": [{"entity": {"a": 1}, "key": "k", "op": "upsert",'
    b' "data": {}}]}',
])
def test_an_entity_that_is_not_text_is_a_malformed_page_not_a_type_error(raw: bytes) -> None:
    with pytest.raises(ValueError, match=r"changes\[0\] names an entity this terminal does not know"):
        decode_pull_response(raw)


def test_a_number_msgspec_cannot_hold_still_arrives() -> None:
    """1e999 in a change's data: the page is read the old way (inf), so the change reaches the apply,
    which sets it aside; refusing the page would wedge the pull on it for ever."""
    raw = (b'{"cursor": "c1.2.0", "has_more": false, "position": 2, "changes": [{"entity": "setting", "key": "k",'
           b' "op": "upsert", "data": {"key": "k", "value": 1e999}}], "rejections": []}')
    page = decode_pull_response(raw)
    assert page["changes"][0]["data"]["value"] == float("inf") and page["position"] == 2


class _Canned(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[tuple[ThreadingHTTPServer, type[_Canned]]]:
    handler = type("Handler", (_Canned,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()


def test_a_backend_sending_a_list_entity_gets_a_sentence_not_a_traceback(canned: Any) -> None:
    server, handler = canned
    handler.body = msgspec.json.encode({"protocol": 1, "cursor": "c1.1.0", "has_more": False, "rejections": [],
                                        "changes": [{"entity": ["order"], "key": "O1", "op": "upsert", "data": {}}]})
    with SyncClient(f"http://127.0.0.1:{server.server_address[1]}") as client, \
            pytest.raises(SyncUnavailable, match="pull answer is malformed.*names an entity"):
        client.pull("", 1)
    handler.body = b'{"protocol": 1, "cursor": "c1.1.0", "has_more": false, "changes": [], "rejections": []}'
    with SyncClient(f"http://127.0.0.1:{server.server_address[1]}") as client:
        assert client.pull("", 1)["cursor"] == "c1.1.0"
