"""The fleet stats' replay of the ops log (issue 16): a failure other than a refused op is an error —
raised as a supervisor exception and counted in /v1/stats, never swallowed; each site's own
settings apply; `handoff-backend stats rebuild` rebuilds from the log; a window after now is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select
from sync_live import LiveServer, Terminal, enrol
from sync_test_args import NeedsLocalRowArgs

from backend import auth, schema, stats_projector
from backend.handlers import Args, ServerContext, handler
from backend.stats_mirror import REPLAY_ERROR_KIND, load_mirror, site_settings
from terminal.ops import OpContext, apply_op, operation
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from terminal.sync.pull import apply_change

ROOT = Path(__file__).resolve().parents[2]
SITE = "WH1"


@operation("StatsTestNeedsLocalRow", args=NeedsLocalRowArgs)
def _needs_local_row(ctx: OpContext, args: Args) -> Args:
    # Reads a row only the terminal has: on the stats mirror this is a handler bug (TypeError on None).
    note = ctx.one("SELECT value FROM settings WHERE key = 'stats.test.local'")[0]
    ctx.audit("stats_test", details={"note": note, "n": args["n"]})
    return {}


@handler("StatsTestNeedsLocalRow")
def _needs_local_row_server(ctx: ServerContext, args: Args) -> None:
    return None


def _stats(server: LiveServer, token: str, **params: str) -> httpx.Response:
    now = datetime.now(UTC)
    query = {"from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat(), **params}
    return httpx.get(f"{server.url}/v1/stats", params=query, headers={"Authorization": f"Bearer {token}"},
                     timeout=60)


def _pushed(server: LiveServer, tmp_path: Path, n: int = 1) -> Terminal:
    term = enrol(server, tmp_path / "t.db", site=SITE)
    term.db.execute("INSERT INTO settings (key, value) VALUES ('stats.test.local', 'x')")   # terminal-only row
    term.db.conn.commit()
    for i in range(n):
        apply_op(term.db, "StatsTestNeedsLocalRow", {"n": i})
    apply_op(term.db, "ScanRecorded", {"user_id": None, "context": "picking", "raw": "x", "kind": "item",
                                       "accepted": False})
    sync_once(term.db, term.client())
    assert not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0").fetchone()
    return term


def test_replay_failure_is_raised_as_an_exception_and_counted_not_swallowed(server: LiveServer,
                                                                              tmp_path: Path) -> None:
    term = _pushed(server, tmp_path)
    token = auth.make_integration_token(server.app.state.engine)
    answer = _stats(server, token, site=SITE)
    assert answer.status_code == 200, answer.text
    # (the old replay swallowed TypeError with the refusals: Unreplayed 1, no error anywhere)
    assert answer.headers["X-Handoff-Replay-Errors"] == "1"
    assert answer.headers["X-Handoff-Unreplayed"] == "0"
    assert answer.json()["scan_error_per_1000"] == 1000.0     # the rest of the log still counts
    e = schema.exceptions.c
    with server.app.state.engine.connect() as conn:
        rows = conn.execute(select(e.kind, e.site_id, e.message, e.details).where(e.kind == REPLAY_ERROR_KIND)).all()
    assert len(rows) == 1 and rows[0].site_id == SITE
    assert "StatsTestNeedsLocalRow" in rows[0].message and "TypeError" in json.loads(rows[0].details)["error"]
    again = _stats(server, token, site=SITE)                  # counted once, raised once
    assert again.headers["X-Handoff-Replay-Errors"] == "1"
    with server.app.state.engine.connect() as conn:
        assert len(conn.execute(select(e.id).where(e.kind == REPLAY_ERROR_KIND)).all()) == 1
    term.db.close()


def test_a_window_after_now_is_refused(server: LiveServer, tmp_path: Path) -> None:
    with server.app.state.engine.begin() as conn:
        auth.ensure_site(conn, SITE)
    token = auth.make_integration_token(server.app.state.engine)
    later = datetime.now(UTC) + timedelta(days=1)
    answer = _stats(server, token, **{"from": later.isoformat(), "to": (later + timedelta(hours=8)).isoformat()})
    assert answer.status_code == 400 and answer.json()["error"] == "window_in_future"
    assert "after now" in answer.json()["message"]


def test_stats_rebuild_replays_every_site_from_the_log_into_the_store(server: LiveServer, tmp_path: Path) -> None:
    term = _pushed(server, tmp_path, n=2)
    done = subprocess.run([sys.executable, "-m", "backend.cli", "stats", "rebuild", "--db", server.db_url,
                           "--jobs", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # (the rebuild process has no test op registered: an unknown op is a replay error too)
    assert result[SITE]["ops"] == 3 and result[SITE]["replay_errors"] == 2 and result[SITE]["unreplayed"] == 0
    assert "1/1 sites" in done.stderr and "#" in done.stderr          # the progress bar
    # no folder of mirrors (the old one was <store>.stats beside a SQLite store)
    assert not [p.name for p in tmp_path.iterdir() if "stats" in p.name]
    stored = stats_projector.load(server.app.state.engine, SITE)     # the mirror lives in the store
    assert stored is not None and list(stored.position.seqs.values()) == [3]
    mirror = load_mirror(stored.mirror)
    assert mirror.execute("SELECT count(*) FROM scan_events").fetchone()[0] == 1
    mirror.close()
    nope = subprocess.run([sys.executable, "-m", "backend.cli", "stats", "rebuild", "--db", server.db_url,
                           "--site", "NOPE"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert nope.returncode == 2 and "There is no site NOPE" in nope.stderr
    term.db.close()


def test_site_settings_come_from_the_settings_the_site_pulled(tmp_path: Path) -> None:
    # /v1/stats used Settings() for every site: the at-risk margin and estimate defaults, not the site's
    db = open_db(tmp_path / "mirror.db", create=True)
    for key, value in (("picking.safety_margin_min", "90"), ("stats.shift_starts", '["07:00", "19:00"]')):
        apply_change(db, {"entity": "setting", "key": key, "op": "upsert", "data": {"key": key, "value": value}})
    settings = site_settings(db)
    assert settings.get("picking.safety_margin_min", 30) == 90
    assert settings.get("stats.shift_starts", ["06:00"]) == ["07:00", "19:00"]
    assert settings.get("picking.rate_window_h", 4.0) == 4.0          # what the site did not set
    db.close()
