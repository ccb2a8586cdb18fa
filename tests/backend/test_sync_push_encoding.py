"""The ops log keeps args as compact sorted JSON written by msgspec (backend/bulk.py). Rows an older backend
wrote with json.dumps spell some numbers differently (`1e-05` where msgspec writes `0.00001`): a re-send of
such an op is still the same op — `duplicate` — and never `op_mismatch`, which would stop the terminal."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import update

from backend import schema
from backend.changes import dumps
from terminal.opargs import Grams, OpArgs
from terminal.ops import Args, OpContext, operation
from terminal.store import schema_version
from terminal.sync import state
from terminal.sync.state import load_token


class WeighedArgs(OpArgs):
    grams: Grams


@operation("SyncTestWeighed", args=WeighedArgs)
def _weighed(ctx: OpContext, args: Args) -> None:
    """A terminal op with a float argument and no server handler (the generic one keeps it in the log)."""


def _push(server, terminal, grams: float) -> httpx.Response:  # type: ignore[no-untyped-def]
    token = load_token(terminal.path.parent / f"{terminal.path.name}.synctoken")
    body = {"protocol": 1, "terminal_id": state.get(terminal.db, "terminal_id"),
            "schema_version": schema_version(terminal.db), "app_version": "t",
            "ops": [{"seq": 1, "op_id": "op-weighed-1", "name": "SyncTestWeighed", "args": {"grams": grams},
                     "at": "2026-11-23T08:00:00.000+00:00"}]}
    return httpx.post(f"{server.url}/v1/push", content=json.dumps(body),
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def test_an_op_stored_by_an_older_backend_s_encoder_is_a_duplicate_when_re_sent_not_an_op_mismatch(server, terminal):
    first = _push(server, terminal, 1e-05)
    assert first.status_code == 200 and first.json()["results"][0]["status"] == "applied", first.text
    engine = server.app.state.engine
    older = dumps({"grams": 1e-05})   # what backends before msgspec stored
    assert older == '{"grams":1e-05}'
    with engine.begin() as conn:
        conn.execute(update(schema.ops).where(schema.ops.c.op_id == "op-weighed-1").values(args=older))
    again = _push(server, terminal, 1e-05)
    assert again.status_code == 200, again.text
    assert again.json()["results"][0]["status"] == "duplicate"
    other = _push(server, terminal, 2e-05)   # other contents under the same seq and op_id: still refused
    assert other.status_code == 409 and other.json()["error"] == "op_mismatch", other.text
