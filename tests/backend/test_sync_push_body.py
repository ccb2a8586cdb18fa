"""The push body is validated straight from its bytes, skipping the Python walk for text no store can keep
when the bytes show there can be none (backend/app.py `_push_body`). Property: whatever JSON the args
hold — NUL characters, lone surrogates, in keys or values, escaped backslashes that look like escapes —
the body is refused (422, with the sentence naming the field) exactly when `text_problem` finds such text
in what the wire carries, as before."""

from __future__ import annotations

import json

import pytest
from fastapi.exceptions import RequestValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.app import _push_body
from terminal.sync.protocol import text_problem

TEXT = st.text(alphabet=st.sampled_from(["a", "\x00", "\\", "u", "0", "\ud800", "\udfff", "\U0001f600", "é"]),
               max_size=6)
VALUES = st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                      max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(args=st.dictionaries(TEXT, VALUES, max_size=3), ensure_ascii=st.booleans())
def test_a_push_body_is_refused_exactly_when_it_holds_text_no_store_can_keep(args, ensure_ascii):
    body = {"protocol": 1, "terminal_id": "t", "schema_version": 1, "app_version": "x",
            "ops": [{"seq": 1, "op_id": "o", "name": "A", "args": args, "at": "2026-11-23T08:00:00Z"}]}
    raw = json.dumps(body, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
    sent = json.loads(raw)["ops"][0]["args"]   # what the wire carries (an escaped surrogate pair is one character)
    if text_problem(sent) is None:
        assert _push_body(raw).ops[0].args == sent
    else:
        with pytest.raises(RequestValidationError) as refused:
            _push_body(raw)
        message = str(refused.value.errors()[0]["msg"])
        assert "NUL" in message or "surrogate" in message, message
