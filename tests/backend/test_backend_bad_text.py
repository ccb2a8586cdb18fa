"""Text no store can keep — NUL characters (PostgreSQL refuses them), lone surrogates (not UTF-8) — and
numbers past BIGINT get a 4xx with a sentence on both stores, never a 5xx the terminal retries for ever;
the refused request loses nothing (the next good push is applied)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_live import AT, wire_op

from backend import auth
from terminal.sync.protocol import ProtocolError, text_problem, validate_op


def _post(client: httpx.Client, path: str, body: object, **headers: str) -> httpx.Response:
    # json.dumps escapes a lone surrogate as \\udXXX: valid JSON text the server must cope with
    return client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json", **headers})


def _refused(response: httpx.Response, *words: str) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    message = response.json()["message"]
    assert message.endswith(".") and all(w in message for w in words), message


@pytest.mark.parametrize("change, words", [
    ({"op_id": "op\x00-1"}, ("ops[0].op_id", "NUL")),
    ({"at": "2026-11-23T08:00:00\x00"}, ("ops[0].at", "NUL")),
    ({"args": {"location": "A-\x0001", "sku": "SKU1", "qty": 1}}, ("ops[0].args.location", "NUL")),
    ({"args": {"location": "A-01", "sku": "SKU\ud8001", "qty": 1}}, ("ops[0].args.sku", "surrogate")),
    ({"args": {"location": "A-01", "sku": "SKU1", "qty": 1, "\udfff": 1}}, ("ops[0].args['\\udfff']", "surrogate")),
])
def test_nul_and_lone_surrogates_in_a_push_are_refused_with_a_sentence_and_lose_nothing(api, change, words):
    client, body = api
    _refused(_post(client, "/v1/push", {**body, "ops": [wire_op(1, **change)]}), *words)
    applied = _post(client, "/v1/push", {**body, "ops": [wire_op(1)]})
    assert applied.status_code == 200 and applied.json()["last_seq"] == 1


def test_nul_in_enrolment_and_integration_keys_is_refused_with_a_sentence(api, server):
    client, _ = api
    engine = server.app.state.engine
    code, _ = auth.make_enrollment_code(engine, "WH1", "station")
    enrol = {"protocol": 1, "enrollment_code": code, "terminal_name": "pack\x00-1", "role": "station"}
    _refused(_post(client, "/v1/enroll", enrol), "terminal_name", "NUL")
    _refused(_post(client, "/v1/enroll", {**enrol, "terminal_name": "pack\udc00"}), "terminal_name", "surrogate")
    assert _post(client, "/v1/enroll", {**enrol, "terminal_name": "pack-1"}).status_code == 200  # code not spent
    integration = {"Authorization": f"Bearer {auth.make_integration_token(engine)}"}
    order = {"external_id": "EXT\x001", "site_id": "WH1", "carrier_code": "DPD", "recipient": {"name": "A"},
             "lines": [{"sku_code": "SKU1", "qty": 1}]}
    _refused(_post(client, "/v1/orders", order, **integration), "external_id", "NUL")
    _refused(_post(client, "/v1/orders", {**order, "external_id": "E1", "recipient": {"name": "\ud800"}},
                   **integration), "recipient.name", "surrogate")
    parcel = {"site_id": "WH1", "tracking_number": "T\x001", "recipient_phone": "600100200"}
    _refused(_post(client, "/v1/parcels", parcel, **integration), "tracking_number", "NUL")


@pytest.mark.parametrize("cursor", [f"c1.{10**40}.0", f"c1.{2**63}.0", "c1.0.99999999999999999999", "c1.-1.0",
                                    "c1.\uff11.0", "c1.1_0.0", "c1. 1.0", "c1.1.0\x00"])
def test_cursors_past_bigint_or_not_plain_digits_are_refused(api, cursor):
    client, _ = api
    _refused(client.get("/v1/pull", params={"cursor": cursor}), "cursor" if "\x00" not in cursor else "NUL")


def test_nul_in_any_query_is_refused(api):
    client, _ = api
    _refused(client.get("/v1/stats", params={"site": "WH1\x00"}), "NUL")
    _refused(client.get("/v1/pull", params={"app_version": "1\x00"}), "NUL")


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
                    max_leaves=12))
def test_text_problem_finds_exactly_the_values_no_store_can_keep(value):
    """Property: text_problem flags a value iff some text in it (keys too) has NUL or a lone surrogate,
    i.e. iff it cannot be written as UTF-8 without NUL — and then validate_op refuses it."""
    encoded = json.dumps(value, ensure_ascii=False)   # NUL becomes the escape \u0000, a backslash \\
    try:
        storable = re.search(r"(?:^|[^\\])(?:\\\\)*\\u0000", encoded) is None and bool(encoded.encode("utf-8"))
    except UnicodeEncodeError:
        storable = False
    assert (text_problem(value) is None) == storable
    op = {"seq": 1, "op_id": "o", "name": "A", "args": {"v": value}, "at": AT}
    if storable:
        validate_op(op, 0)
    else:
        with pytest.raises(ProtocolError, match="ops\\[0\\].args"):
            validate_op(op, 0)
