"""Checkpointed pulls (sync-v1 Amendments), tried by hypothesis on a real SQLite terminal database: however
a change log is paged, cut and resumed, and wherever the write checkpoint lies, what the terminal shows is
always the server's state at the last checkpoint it reached — never an older row, never a half page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.store import open_db
from terminal.sync import state
from terminal.sync.protocol import Change, PullResponse
from terminal.sync.pull import apply_page

KEYS = ("S1", "S2", "S3")


def _sku(code: str, version: int) -> Change:
    return Change(entity="sku", key=code, op="upsert",
                  data={"code": code, "name": f"v{version}", "length_mm": 1, "width_mm": 1, "height_mm": 1,
                        "weight_g": 1})


def _server_state(log: list[Change], position: int) -> dict[str, str]:
    seen: dict[str, str] = {}
    for change in log[:position]:
        seen[change["key"]] = change["data"]["name"]
    return seen


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=30), page=st.integers(1, 7),
       checkpoint_at=st.floats(0, 1))
def test_visible_state_is_the_server_state_at_the_last_checkpoint_reached(
        keys: list[str], page: int, checkpoint_at: float) -> None:
    """Checked after every page, i.e. wherever a pull may be cut (the next one resumes from the cursor)."""
    log = [_sku(key, version) for version, key in enumerate(keys, start=1)]
    checkpoint = round(checkpoint_at * len(log))
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "t.db", create=True)
        state.put(db, write_checkpoint=str(checkpoint))
        shown: dict[str, str] = {}
        end = 0
        while end < len(log):
            start = int(state.get(db, "cursor") or 0)
            end = min(start + page, len(log))
            apply_page(db, PullResponse(protocol=1, cursor=str(end), has_more=end < len(log),
                                        changes=log[start:end], rejections=[], position=end))
            if end >= checkpoint:
                shown = _server_state(log, end)
            visible = {r[0]: r[1] for r in db.execute("SELECT code, name FROM skus")}
            assert visible == shown, f"after position {end} (checkpoint {checkpoint})"
        assert db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0
        db.close()
