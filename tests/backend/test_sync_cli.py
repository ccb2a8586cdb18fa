"""`handoff enroll`, `handoff sync now --json`, `handoff sync status --json` and `handoff-backend` commands."""

from __future__ import annotations

import json

import pytest
from sync_live import seed_catalogue

from backend import cli as backend_cli
from terminal.cli import run


def _backend(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        backend_cli.main(list(args))
    assert done.value.code == 0
    return capsys.readouterr().out


def test_enroll_sync_now_and_status_from_the_command_line(server, tmp_path, capsys):
    seed_catalogue(server.app.state.engine)
    code = json.loads(_backend(capsys, "enroll-code", "--db", server.db_url, "--site", "WH1", "--role", "station",
                               "--json"))["code"]
    db = tmp_path / "cli.db"
    assert run(["enroll", "--backend", server.url, "--code", code, "--db", str(db), "--name", "pack-1"]) == 0
    assert "pack-1" in capsys.readouterr().out
    assert run(["sync", "status", "--db", str(db), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["enrolled"] and before["ops_waiting"] == 0 and before["last_success"] is None
    assert run(["sync", "now", "--db", str(db), "--json"]) == 0
    now = json.loads(capsys.readouterr().out)
    assert now["ok"] and now["result"]["pulled"] >= 7 and now["status"]["online"]
    assert run(["sync", "status", "--db", str(db), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert set(status) >= {"online", "ops_waiting", "oldest_age_s", "last_success", "last_error", "update_needed"}
    assert status["online"] and status["last_success"] and status["last_error"] is None
    # the same code cannot enrol a second terminal
    assert run(["enroll", "--backend", server.url, "--code", code, "--db", str(tmp_path / "b.db")]) == 2
    assert "used or expired" in capsys.readouterr().err


def test_sync_now_reports_an_unreachable_backend(server, tmp_path, capsys):
    code = json.loads(_backend(capsys, "enroll-code", "--db", server.db_url, "--site", "WH1", "--role", "station",
                               "--json"))["code"]
    db = tmp_path / "cli.db"
    assert run(["enroll", "--backend", server.url, "--code", code, "--db", str(db)]) == 0
    capsys.readouterr()
    server.stop()
    assert run(["sync", "now", "--db", str(db), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert not out["ok"] and "cannot be reached" in out["error"] and out["status"]["state"] == "offline"
    server.start()


def test_backend_integration_token_and_migrate(server, capsys):
    token = json.loads(_backend(capsys, "integration-token", "--db", server.db_url, "--json"))["token"]
    assert token.startswith("int_")
    assert json.loads(_backend(capsys, "migrate", "--db", server.db_url)) == {"applied": []}


@pytest.mark.parametrize("url, words", [
    ("postgresql://handoff:s3cret@127.0.0.1:1/none", "cannot be used"),
    ("mysql://handoff:s3cret@127.0.0.1/none", "must be sqlite"),
])
def test_backend_commands_on_a_database_they_cannot_use_say_so_in_one_sentence(url, words, capsys):
    for command in (["enroll-code", "--site", "WH1", "--role", "station"], ["migrate"], ["serve", "--port", "1"]):
        with pytest.raises(SystemExit) as done:
            backend_cli.main([*command[:1], "--db", url, *command[1:]])
        assert done.value.code == 2
        captured = capsys.readouterr()
        assert words in captured.err and "Traceback" not in captured.err and "s3cret" not in captured.err
        assert len(captured.err.strip().splitlines()) == 1 and not captured.out
