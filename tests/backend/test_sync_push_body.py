"""The push body is validated straight from its bytes, skipping the Python walk for text no store can keep
when the bytes show there can be none (backend/push_wire.py `parse_push`). Properties: whatever JSON the
args hold — NUL characters, lone surrogates, in keys or values, escaped backslashes that look like
escapes — the body is refused (422, with the sentence naming the field) exactly when `text_problem` finds
such text in what the wire carries, as before; and msgspec's fast reading takes a body exactly when the
pydantic models (the body's OpenAPI schema) take it, as the same values."""

from __future__ import annotations

import json

import pytest
from fastapi.exceptions import RequestValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.push_wire import _by_the_models, _fast, parse_push
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
        assert parse_push(raw).ops[0]["args"] == sent
    else:
        with pytest.raises(RequestValidationError) as refused:
            parse_push(raw)
        message = str(refused.value.errors()[0]["msg"])
        assert "NUL" in message or "surrogate" in message, message


ODD_TEXT = st.text(alphabet=st.sampled_from(["a", "é", "\n", "\U0001f600", "\\"]), max_size=70)
NUMBERS = st.one_of(st.integers(), st.integers(min_value=2**62 - 2, max_value=2**64 + 2), st.floats(),
                    st.sampled_from([0, -1, 1.0, 2.5, True, "7", None, 10**30]))


@st.composite
def _bodies(draw: st.DrawFn) -> dict[str, object]:
    """Push bodies near the limits of backend/models.py, valid or not in any one field."""
    first = draw(st.sampled_from([1, 2**62 - 3, 2**62, 0]))
    ops = []
    for i in range(draw(st.integers(0, 4))):
        op: dict[str, object] = {
            "seq": draw(st.one_of(st.just(first + i), NUMBERS)),
            "op_id": draw(st.one_of(ODD_TEXT, st.integers())),
            "name": draw(st.sampled_from(["UserLoggedIn", "A", "A" * 64, "A" * 65, "A\n", "a", "", "Ab-9", 7])),
            "args": draw(st.one_of(st.dictionaries(TEXT, st.one_of(VALUES, NUMBERS), max_size=3), st.lists(VALUES))),
            "at": draw(st.one_of(ODD_TEXT, st.none())),
        }
        if draw(st.booleans()):
            op["extra"] = draw(VALUES)
        if draw(st.integers(0, 9)) == 0:
            del op[draw(st.sampled_from(sorted(op)))]
        ops.append(op)
    body: dict[str, object] = {"protocol": draw(st.one_of(st.just(1), NUMBERS)),
                               "terminal_id": draw(st.one_of(ODD_TEXT, st.integers())),
                               "schema_version": draw(st.one_of(st.just(3), NUMBERS)), "ops": ops}
    if draw(st.booleans()):
        body["app_version"] = draw(st.one_of(ODD_TEXT, st.none()))
    return body


@settings(max_examples=400, deadline=None)
@given(body=_bodies(), ensure_ascii=st.booleans())
def test_the_fast_reading_takes_a_body_exactly_as_the_models_do(body, ensure_ascii):
    raw = json.dumps(body, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
    fast = _fast(raw)
    try:
        reference = _by_the_models(raw)
    except RequestValidationError:
        assert fast is None, "msgspec took a body the models refuse"
        return
    if fast is not None:   # the same values, types too (1 and 1.0 are equal but not the same)
        assert repr(fast) == repr(reference)
    assert repr(parse_push(raw)) == repr(reference)
