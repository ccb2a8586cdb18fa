"""Issue 13's failures #1–#3, reproduced the way they happened — a real backend on 127.0.0.1, the real
CLI and operations — and shown fixed: a restored backup loses no op, a stale held change never wedges
pulls, and a pull cut between pages never moves a terminal's state backwards."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_live import LiveServer, Terminal, enrol
from test_sync_lockers import LOCKER, _announce, _seed_locker

from backend import auth, schema
from backend.changes import seed_entities
from backend.seed import seed_from_terminal_db
from terminal.cli import run
from terminal.ops import apply_op
from terminal.people.badges import register_badge
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.client import SyncClient, SyncRefused, SyncUnavailable
from terminal.sync.cycle import pull_all, sync_once
from terminal.sync.protocol import PullResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S1"


def _station(server: LiveServer, tmp_path: Path, orders: int) -> Path:
    path = tmp_path / "station.db"
    db = open_db(path, create=True)
    build_world(db, orders=orders, seed=5)
    with db.conn:   # master data of the world the backend is seeded from: a badge for one picker
        picker = db.execute("SELECT id FROM users WHERE ',' || roles || ',' LIKE '%,picker,%' ORDER BY id").fetchone()
        register_badge(db, "BADGE-P1", picker[0])
    db.close()
    seed_from_terminal_db(server.app.state.engine, SITE, path)
    enrol(server, path, site=SITE).db.close()
    return path


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert run([*args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _server_op_ids(server: LiveServer, terminal_id: str) -> list[str]:
    o = schema.ops.c
    with server.app.state.engine.connect() as conn:
        return list(conn.execute(select(o.op_id).where(o.terminal_id == terminal_id)).scalars())


def _shift(capsys: pytest.CaptureFixture[str], path: Path, half_hour: int) -> None:
    start = (START + timedelta(minutes=30 * half_hour)).isoformat()
    _cli(capsys, "simulate", "shift", "--db", str(path), "--pickers", "2", "--packers", "1", "--hours", "0.5",
         "--seed", str(half_hour + 1), "--start", start)


def test_failure1_restored_backup_loses_no_ops(server: LiveServer, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Failure #1: the restored op_seq handed out seqs the server had; it answered "duplicate" and the
    terminal marked them acknowledged, so ops made after the restore never reached the server."""
    path = _station(server, tmp_path, orders=60)
    db_arg = ("--db", str(path))
    backup = tmp_path / "station-backup.db"
    _shift(capsys, path, 0)                                   # docs/OPERATIONS.md "Back up and restore":
    assert _cli(capsys, "sync", "now", *db_arg)["ok"]
    _cli(capsys, "db", "backup", *db_arg, "-o", str(backup))  # a backup while the terminal runs
    _shift(capsys, path, 1)                                   # work the backup does not have …
    assert _cli(capsys, "sync", "now", *db_arg)["ok"]         # … and that the backend has
    for suffix in ("", "-wal", "-shm"):                       # stop, copy the backup over the database
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, path)
    assert _cli(capsys, "db", "check", *db_arg)["ok"]
    db = open_db(path)
    terminal_id = state.get(db, "terminal_id")
    before = {r[0] for r in db.execute("SELECT op_id FROM outbox")}
    db.close()
    _shift(capsys, path, 2)                                   # work after the restore
    done = _cli(capsys, "sync", "now", *db_arg)
    assert done["ok"] and done["status"]["ops_waiting"] == 0 and done["status"]["last_error"] is None
    db = open_db(path)
    made_after = {r[0] for r in db.execute("SELECT op_id FROM outbox")} - before
    seqs = db.execute("SELECT max(seq), (SELECT last_seq FROM op_seq) FROM outbox").fetchone()
    db.close()
    on_server = _server_op_ids(server, terminal_id)
    assert len(made_after) > 50
    assert made_after <= set(on_server), f"{len(made_after - set(on_server))} ops made after the restore are lost"
    assert len(on_server) == len(set(on_server))              # every op exactly once by op_id
    assert seqs[0] == seqs[1] == len(on_server)               # op_seq moved past what the server has
    # and a sync after that is clean
    assert _cli(capsys, "sync", "now", *db_arg)["result"]["acked"] == 0


def _deposit(kiosk: Terminal, journal: str, parcel: str, compartment: str) -> None:
    apply_op(kiosk.db, "DoorUnlockRequested", {"journal_id": journal, "compartment_id": compartment,
                                                "purpose": "deposit", "parcel_id": parcel})
    apply_op(kiosk.db, "DoorUnlockOutcome", {"journal_id": journal, "outcome": "opened"})
    apply_op(kiosk.db, "ParcelDeposited", {"journal_id": journal, "parcel_id": parcel, "compartment_id": compartment,
                                           "expires_at": "2026-12-24T00:00:00.000+00:00"})


def _pick_up(kiosk: Terminal, journal: str, parcel: str, compartment: str) -> None:
    apply_op(kiosk.db, "DoorUnlockRequested", {"journal_id": journal, "compartment_id": compartment,
                                                "purpose": "pickup", "parcel_id": parcel})
    apply_op(kiosk.db, "DoorUnlockOutcome", {"journal_id": journal, "outcome": "opened"})
    apply_op(kiosk.db, "ParcelPickedUp", {"journal_id": journal, "parcel_id": parcel})


def _in(db: Any, compartment: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM parcels WHERE compartment_id = ?", (compartment,))]


def test_failure2_stale_held_change_never_wedges_pulls(server: LiveServer, tmp_path: Path) -> None:
    """Failure #2: a pulled change held while a local op mentioned its row was re-applied before the next
    pull; stale, it clashed on UNIQUE parcels.compartment_id and every later cycle failed before pulling."""
    engine = server.app.state.engine
    _seed_locker(engine)
    token = auth.make_integration_token(engine)
    first, second = _announce(server, token, "TRK-1", "600100201"), _announce(server, token, "TRK-2", "600100202")
    kiosk = enrol(server, tmp_path / "k.db", site=LOCKER, role="kiosk")
    client = kiosk.client()
    sync_once(kiosk.db, client)
    _deposit(kiosk, "J1", first, "C1")
    sync_once(kiosk.db, client)
    _pick_up(kiosk, "J2", first, "C1")                  # not pushed yet: C1 is empty here
    e = schema.entities.c
    with engine.begin() as conn:                        # meanwhile the backend changes the parcel (still in C1 there)
        data = json.loads(conn.execute(select(e.data).where(e.entity == "parcel", e.key == first)).scalar_one())
        seed_entities(conn, LOCKER, "parcel", [{**data, "expires_at": "2026-12-31T00:00:00.000+00:00"}])
    pull_all(kiosk.db, client)                          # a pull whose push did not get through: the row is held
    assert kiosk.db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 1
    assert _in(kiosk.db, "C1") == []
    _deposit(kiosk, "J3", second, "C1")                 # the held row (first parcel in C1) is stale now
    for _ in range(3):                                  # every cycle completes, pull included
        result = sync_once(kiosk.db, client)
        assert state.get(kiosk.db, "last_error") == ""
    assert result["acked"] == 0 and result["deferred"] == 0
    assert _in(kiosk.db, "C1") == [second]
    row = kiosk.db.execute("SELECT status, expires_at FROM parcels WHERE id = ?", (first,)).fetchone()
    assert tuple(row) == ("picked_up", "2026-12-31T00:00:00.000+00:00")   # the backend's newer row arrived
    assert kiosk.db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0
    assert kiosk.db.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0


class _CutClient(SyncClient):
    """The real client, whose connection breaks after `pages` pull pages (a pull cut between pages)."""

    pages = 0

    def pull(self, cursor: str, schema_version: int, limit: int = 500) -> PullResponse:
        if self.pages <= 0:
            raise SyncUnavailable("The backend cannot be reached (cut between pages by the test).")
        self.pages -= 1
        return super().pull(cursor, schema_version, limit)


_ORDER_FLOW = ("open", "picking", "picked", "packed", "handed_over")


def test_failure3_pull_cut_between_pages_never_moves_state_backwards(server: LiveServer, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Failure #3: a multi-page pull cut between pages after the terminal's own ops were acknowledged
    applied older server rows over their effects: packed orders went back, and `picklist next` offered
    orders this terminal had already packed."""
    path = _station(server, tmp_path, orders=100)
    _shift(capsys, path, 0)
    db = open_db(path)
    statuses = dict(db.execute("SELECT id, status FROM orders").fetchall())
    assert sum(s in ("packed", "handed_over") for s in statuses.values()) > 3
    token = (path.parent / (path.name + ".synctoken")).read_text().strip()
    cut = _CutClient(state.get(db, "backend_url"), token)
    cut.pages = 0
    with pytest.raises(SyncUnavailable):
        sync_once(db, cut)                              # the ops are acknowledged, the pull is cut at once
    assert "cut between pages" in _cli(capsys, "sync", "status", "--db", str(path))["last_error"]
    cut.pages = 1
    for _ in range(200):                                # cut after every page: the pull starts at the seeded
        try:                                            # orders, so older rows of them come first
            sync_once(db, cut, page_size=20)
        except SyncUnavailable:
            cut.pages = 1
        else:
            break
        assert db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0] == 0   # all acknowledged
        now = dict(db.execute("SELECT id, status FROM orders").fetchall())
        went_back = [o for o, s in statuses.items() if s in _ORDER_FLOW and now[o] in _ORDER_FLOW
                     and _ORDER_FLOW.index(now[o]) < _ORDER_FLOW.index(s)]
        assert not went_back, f"{len(went_back)} orders went back to an earlier status after a cut pull"
    else:
        raise AssertionError("the pull never completed")
    packed = {r[0] for r in db.execute("SELECT ref FROM orders WHERE status IN ('packed', 'handed_over')")}
    assert len(packed) == sum(s in ("packed", "handed_over") for s in statuses.values())
    db.close()
    offered = _cli(capsys, "picklist", "next", "--db", str(path), "--picker", "BADGE-P1",
                   "--now", (START + timedelta(minutes=35)).isoformat())
    assert offered["orders"] and not packed & {o["ref"] for o in offered["orders"]}
    db = open_db(path)
    assert dict(db.execute("SELECT id, status FROM orders").fetchall()) == statuses
    db.close()


def test_an_outbox_changed_by_hand_refuses_to_sync_with_one_sentence(server: LiveServer, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Where the terminal cannot be sure (a seq and op_id the backend has, with other args), it re-bases
    nothing, acknowledges nothing and says what to do in `sync status`."""
    path = _station(server, tmp_path, orders=10)
    db = open_db(path)
    token = (path.parent / (path.name + ".synctoken")).read_text().strip()
    client = SyncClient(state.get(db, "backend_url"), token)
    apply_op(db, "UserLoggedIn", {"user_id": "pick0", "role": "picker", "session_id": "s1"})
    sync_once(db, client)
    with db.conn:   # someone edits the outbox: the op looks unsent, with other contents
        db.execute("UPDATE outbox SET acked = 0, args = replace(args, 's1', 's2')")
    with pytest.raises(SyncRefused, match="other contents"):
        sync_once(db, client)
    assert db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0] == 1
    db.close()
    status = _cli(capsys, "sync", "status", "--db", str(path))
    assert "was sent before with other contents" in status["last_error"] and "call support" in status["last_error"]
    assert len(_server_op_ids(server, status["terminal_id"])) == 1
