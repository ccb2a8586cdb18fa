"""Remote support end to end (issue 18 §4): a real backend on 127.0.0.1, real kiosks enrolled on it with a
lock-board emulator on a pseudo-terminal. A support agent's command reaches the kiosk by pull; a valid
open opens exactly that door once; an expired, unsigned, tampered, replayed, misaddressed command or one
whose compartment disagrees locally is refused — no unlock frame, an audit row on both sides."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from backend import auth, schema
from backend import cli as backend_cli
from backend.seed import seed_from_terminal_db
from backend.support import support_commands
from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers import codes
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.remote import process_inbox
from terminal.lockers.site import install_site
from terminal.lockers.technician import set_in_service
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for, enroll_terminal

SITE = "LCK-1"
FAST = Timings(reply_timeout=0.15, open_timeout=0.6, poll_interval=0.01)
DOORS = DoorTimings(reminder_s=30.0, alarm_s=60.0, poll_s=0.01, give_up_s=20.0)


@dataclass
class Kiosk:
    path: Path
    kiosk: LockerKiosk
    clock: FixedClock

    @property
    def db(self) -> Any:
        return self.kiosk.db

    def sync(self) -> dict[str, Any]:
        with client_for(self.path, Settings({})) as client:
            return sync_once(self.db, client)

    def terminal_id(self) -> str:
        return str(self.db.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'").fetchone()[0])

    def audit(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT action, details FROM audit_log WHERE action LIKE 'remote_command_%'"
                               " ORDER BY id").fetchall()
        return [{"action": a, **json.loads(d)} for a, d in rows]


@dataclass
class World:
    server: Any
    emulator: LockBoardEmulator
    kiosks: list[Kiosk]
    support: httpx.Client
    parcel_id: str
    baseline: int = 0

    @property
    def engine(self) -> Any:
        return self.server.app.state.engine

    def open(self, kiosk: Kiosk, **body: Any) -> dict[str, Any]:
        answer = self.support.post("/v1/support/open", json={"terminal_id": kiosk.terminal_id(),
                                                            "parcel_id": self.parcel_id,
                                                            "reason": "recipient on the phone, door stuck", **body})
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def log(self, command_id: str) -> list[dict[str, Any]]:
        answer = self.support.get("/v1/support/log", params={"command": command_id})
        answer.raise_for_status()
        return list(answer.json()["entries"])

    def tamper(self, command_id: str, **values: Any) -> None:
        """What a compromised link or a restored backup would do to a stored command."""
        with self.engine.begin() as conn:
            conn.execute(update(support_commands).where(support_commands.c.id == command_id).values(**values))

    def unlocks(self) -> int:
        """Unlock frames the board received since the courier's deposit."""
        return sum(self.emulator.unlock_count(0, lock) for lock in range(1, 17)) - self.baseline


def _person(emulator: LockBoardEmulator, action: str):  # type: ignore[no-untyped-def]
    """Whoever stands at the door: puts the parcel in or takes it out (`action`), then closes it."""
    def person(opening: Any) -> None:
        comp = opening.compartment
        assert emulator.wait_open(comp.board_no, comp.lock_no)
        getattr(emulator, action)(comp.board_no, comp.lock_no)
        emulator.close_door(comp.board_no, comp.lock_no)
    return person


@pytest.fixture
def world(server: Any, tmp_path: Path) -> Iterator[World]:
    engine = server.app.state.engine
    master = open_db(tmp_path / "master.db", create=True)
    install_site(master, SITE, boards=1)
    master.execute("INSERT INTO users (id, name, roles) VALUES ('courier-1', 'Kurier', 'courier')")
    master.conn.commit()
    master.close()
    seed_from_terminal_db(engine, SITE, tmp_path / "master.db")
    token = auth.make_integration_token(engine)
    announced = httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
                           json={"site_id": SITE, "tracking_number": "TRK-1", "recipient_phone": "600100200",
                                 "size_class": "A"})
    announced.raise_for_status()
    support_token = _support_token(engine)
    support = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {support_token}"})
    with LockBoardEmulator(1, open_delay=0.01) as emulator:
        lines, kiosks = [], []
        for name in ("a", "b"):
            code, _ = auth.make_enrollment_code(engine, SITE, "kiosk", kind="locker")
            path = tmp_path / f"kiosk-{name}.db"
            enroll_terminal(path, server.url, code, settings=Settings({}))
            db = open_db(path)
            line = LockBoardLine(emulator.path, timings=FAST)
            lines.append(line)
            clock = FixedClock(datetime.now(UTC))
            kiosk = Kiosk(path, LockerKiosk(db, line, settings=Settings(), key=codes.load_site_key(
                Path(f"{path}.sitekey")), site_id=SITE, timings=DOORS, clock=clock), clock)
            kiosk.sync()
            kiosks.append(kiosk)
        a = kiosks[0]
        a.kiosk.doors.opened.connect(put := _person(emulator, "put_item"))
        placed = deposit(a.kiosk, "courier-1", "TRK-1")
        assert placed.ok, placed.message
        a.kiosk.doors.opened.disconnect(put)
        a.sync()
        w = World(server, emulator, kiosks, support, str(placed.parcel_id))
        w.baseline = w.unlocks()
        try:
            yield w
        finally:
            for k in kiosks:
                k.kiosk.stop()
                k.db.close()
            for line in lines:
                line.close()
            support.close()


def _support_token(engine: Any) -> str:
    from backend.support import make_token

    return make_token(engine, "agent-anna")


def _refused(world: World, kiosk: Kiosk, command_id: str, code: str) -> None:
    """The kiosk refused the command with `code`: no frame, its audit row, and (pushed) the backend's."""
    before = world.unlocks()
    decisions = process_inbox(kiosk.kiosk)
    assert [d.code for d in decisions] == [code]
    assert world.unlocks() == before
    assert kiosk.audit()[-1]["action"] == "remote_command_refused"
    assert kiosk.audit()[-1]["code"] == code and kiosk.audit()[-1]["command_id"] == command_id
    kiosk.sync()
    events = [(row["event"], row["code"]) for row in world.log(command_id)]
    assert events[-1] == ("refused", code), events


def test_a_valid_remote_open_opens_exactly_that_door_once(world: World) -> None:
    a = world.kiosks[0]
    command = world.open(a)
    assert command["agent"] == "agent-anna" and command["expected_state"] == "OCCUPIED"
    comp = a.db.execute("SELECT c.lock_no FROM compartments c JOIN parcels p ON p.compartment_id = c.id"
                        " WHERE p.id = ?", (world.parcel_id,)).fetchone()
    a.sync()
    notices: list[int] = []
    a.kiosk.doors.opened.connect(_person(world.emulator, "take_item"))
    decisions = process_inbox(a.kiosk, notice=notices.append)
    assert [d.code for d in decisions] == ["executed"]
    assert world.emulator.unlock_count(0, comp[0]) == 2 and world.unlocks() == 1
    assert notices == [comp[0]]
    assert a.db.execute("SELECT status FROM parcels WHERE id = ?", (world.parcel_id,)).fetchone()[0] == "picked_up"
    a.sync()
    assert [row["event"] for row in world.log(command["command_id"])] == ["issued", "executed"]
    assert world.support.get(f"/v1/support/commands/{command['command_id']}").json()["status"] == "executed"
    a.sync()                                   # answered: never sent again
    assert process_inbox(a.kiosk) == [] and world.unlocks() == 1


def test_an_expired_command_is_refused(world: World) -> None:
    a = world.kiosks[0]
    command = world.open(a, valid_min=1)
    a.sync()
    a.clock.advance(minutes=2)                 # the site clock: the window has passed before the kiosk acts
    _refused(world, a, command["command_id"], "expired")
    with world.engine.connect() as conn:                  # an expired command is no one's fault: no exception
        assert conn.execute(select(schema.exceptions.c.kind)).all() == []


@pytest.mark.parametrize("how", ["unsigned", "other_signature", "tampered_payload"])
def test_an_unsigned_or_tampered_command_is_refused(world: World, how: str) -> None:
    a = world.kiosks[0]
    command = world.open(a)
    other = world.open(a, reason="another command")
    world.tamper(other["command_id"], status="executed")
    if how == "unsigned":
        world.tamper(command["command_id"], signature="")
    elif how == "other_signature":     # a valid signature, of another payload
        with world.engine.connect() as conn:
            signature = conn.execute(support_commands.select().where(
                support_commands.c.id == other["command_id"])).first().signature
        world.tamper(command["command_id"], signature=signature)
    else:                               # a longer window written into the signed text
        with world.engine.connect() as conn:
            payload = conn.execute(support_commands.select().where(
                support_commands.c.id == command["command_id"])).first().payload
        world.tamper(command["command_id"], payload=payload.replace(
            command["expires_at"], "2099-01-01T00:00:00.000+00:00"))
    a.sync()
    _refused(world, a, command["command_id"], "bad_signature")
    with world.engine.connect() as conn:                  # a supervisor is told, too
        raised = conn.execute(select(schema.exceptions.c.kind, schema.exceptions.c.message)).all()
    assert [kind for kind, _ in raised] == ["remote_command_refused"]
    assert command["command_id"] in raised[0][1] and "bad_signature" in raised[0][1]


def test_a_replayed_command_is_refused(world: World) -> None:
    a = world.kiosks[0]
    command = world.open(a)
    a.sync()
    a.kiosk.doors.opened.connect(_person(world.emulator, "take_item"))
    assert [d.code for d in process_inbox(a.kiosk)] == ["executed"]
    a.sync()
    world.tamper(command["command_id"], status="pending")     # a backend restored from a backup sends it again
    a.sync()
    _refused(world, a, command["command_id"], "replayed")
    assert world.unlocks() == 1


def test_a_command_for_another_kiosk_is_refused(world: World) -> None:
    a, b = world.kiosks
    command = world.open(b)        # b has no such parcel locally, but the command names b, and reaches a
    world.tamper(command["command_id"], terminal_id=a.terminal_id())
    a.sync()
    _refused(world, a, command["command_id"], "other_terminal")


def test_a_command_whose_compartment_disagrees_locally_is_refused(world: World) -> None:
    a = world.kiosks[0]
    command = world.open(a)
    set_in_service(a.kiosk, "tech-1", command["compartment_id"], False, "technician took it out")
    a.sync()          # pushes the local change, then pulls the command signed when it was OCCUPIED
    _refused(world, a, command["command_id"], "state_disagrees")


def test_a_kiosk_enrolled_before_remote_support_refuses_for_want_of_the_key(world: World) -> None:
    a = world.kiosks[0]
    a.db.execute("DELETE FROM support_key")
    a.db.conn.commit()
    command = world.open(a)
    a.sync()
    _refused(world, a, command["command_id"], "no_support_key")


def test_out_of_service_reaches_the_kiosk_and_the_backend(world: World) -> None:
    a = world.kiosks[0]
    free = a.db.execute("SELECT id FROM compartments WHERE state = 'FREE' ORDER BY id LIMIT 1").fetchone()[0]
    answer = world.support.post("/v1/support/out-of-service", json={
        "terminal_id": a.terminal_id(), "compartment_id": free, "reason": "door hinge broken, reported by phone"})
    assert answer.status_code == 201, answer.text
    a.sync()
    assert [d.code for d in process_inbox(a.kiosk)] == ["executed"]
    assert world.unlocks() == 0
    assert a.db.execute("SELECT state FROM compartments WHERE id = ?", (free,)).fetchone()[0] == "OUT_OF_SERVICE"
    a.sync()
    assert [row["event"] for row in world.log(answer.json()["command_id"])] == ["issued", "executed"]


def test_support_routes_need_a_support_token_and_a_reason(world: World) -> None:
    a = world.kiosks[0]
    body = {"terminal_id": a.terminal_id(), "parcel_id": world.parcel_id, "reason": "x"}
    shop = auth.make_integration_token(world.engine)
    for headers in ({}, {"Authorization": f"Bearer {shop}"}):
        assert httpx.post(f"{world.server.url}/v1/support/open", json=body, headers=headers).status_code == 401
    assert world.support.post("/v1/support/open", json={**body, "reason": ""}).status_code == 422
    assert world.support.post("/v1/support/open", json={**body, "reason": "   "}).status_code == 422
    assert world.support.post("/v1/support/open", json={**body, "valid_min": 61}).status_code == 422
    assert world.support.post("/v1/support/open", json={**body, "parcel_id": "nope"}).status_code == 409
    assert world.support.post("/v1/support/open", json={**body, "terminal_id": "nope"}).status_code == 404


def test_a_command_issued_now_and_valid_for_minutes_has_those_times(world: World) -> None:
    command = world.open(world.kiosks[0], valid_min=7)
    issued = datetime.fromisoformat(command["issued_at"])
    assert datetime.fromisoformat(command["expires_at"]) - issued == timedelta(minutes=7)


def _backend(capsys: Any, *args: str) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        backend_cli.main(list(args))
    assert done.value.code in (0, None), capsys.readouterr().err
    return str(capsys.readouterr().out)


def test_the_command_line_opens_logs_and_refuses_without_a_reason(world: World, capsys: Any) -> None:
    a = world.kiosks[0]
    db = world.server.db_url
    command = json.loads(_backend(capsys, "support", "open", "--db", db, "--terminal", a.terminal_id(),
                                  "--parcel", world.parcel_id, "--reason", "door stuck, recipient on the phone",
                                  "--agent", "jan", "--json"))
    assert command["agent"] == "jan" and command["kind"] == "open"
    a.sync()
    a.kiosk.doors.opened.connect(_person(world.emulator, "take_item"))
    assert [d.code for d in process_inbox(a.kiosk)] == ["executed"]
    a.sync()
    log = json.loads(_backend(capsys, "support", "log", "--db", db, "--command", command["command_id"], "--json"))
    assert [(row["event"], row["agent"]) for row in log] == [("issued", "jan"), ("executed", "jan")]
    assert command["command_id"] in _backend(capsys, "support", "log", "--db", db, "--terminal", a.terminal_id())
    for reason in ("", "   "):
        with pytest.raises(SystemExit) as refused:
            backend_cli.main(["support", "out-of-service", "--db", db, "--terminal", a.terminal_id(),
                              "--compartment", command["compartment_id"], "--reason", reason])
        assert refused.value.code == 2 and "reason" in capsys.readouterr().err
    token = json.loads(_backend(capsys, "support", "token", "--db", db, "--name", "piotr", "--json"))["token"]
    answer = httpx.get(f"{world.server.url}/v1/support/log", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200


def test_a_door_that_stuck_on_the_recipients_code_is_opened_by_support(world: World) -> None:
    """The case support is for: the code was right, the door did not open, the compartment is faulted; the
    backend signs what it sees (FAULT), the kiosk agrees, and the door opens for the recipient."""
    from terminal.lockers.kiosk import LockerRefused
    from terminal.lockers.pickup import pickup_by_code

    a = world.kiosks[0]
    lock = a.db.execute("SELECT c.lock_no FROM compartments c JOIN parcels p ON p.compartment_id = c.id"
                        " WHERE p.id = ?", (world.parcel_id,)).fetchone()[0]
    ((_, message),) = world.server.notifier.sent
    world.emulator.set_stuck(0, lock)
    with pytest.raises(LockerRefused) as stuck:
        pickup_by_code(a.kiosk, "600100200", message.split("Pickup code: ")[1][:6])
    assert stuck.value.code == "door_did_not_open"
    a.sync()
    world.emulator.set_stuck(0, lock, False)      # the agent asks the recipient to push the door and try again
    command = world.open(a)
    assert command["expected_state"] == "FAULT"
    a.sync()
    a.kiosk.doors.opened.connect(_person(world.emulator, "take_item"))
    assert [d.code for d in process_inbox(a.kiosk)] == ["executed"]
    assert world.emulator.unlock_count(0, lock) == 3      # deposit, the stuck try, the remote open
    assert a.db.execute("SELECT status FROM parcels WHERE id = ?", (world.parcel_id,)).fetchone()[0] == "picked_up"


def test_every_pull_tells_the_locker_worker_while_commands_wait(world: World) -> None:
    """A command brought by `handoff sync now` in another process is still announced by the kiosk's own
    next pull, so its locker worker decides it without a restart."""
    from terminal import changes

    a = world.kiosks[0]
    world.open(a)
    told: list[str] = []

    def listen(_db_file: str, change_set: Any) -> None:
        if change_set.touches("remote_inbox"):
            told.append(_db_file)

    changes.database_changed.connect(listen)
    try:
        a.sync()
        a.sync()                          # nothing new arrived, but the command still waits
        assert len(told) == 2
        a.kiosk.doors.opened.connect(_person(world.emulator, "take_item"))
        assert [d.code for d in process_inbox(a.kiosk)] == ["executed"]
        a.sync()                          # answered and pushed: nothing waits, nobody is told
        assert len(told) == 2
    finally:
        changes.database_changed.disconnect(listen)
