"""A real kiosk (lock-board emulator on a pseudo-terminal) deposits and hands out parcels announced by the
marketplace; the backend re-executes the locker facts and both sides end equal (invariants 3 and 5)."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sync_compare import assert_same

from backend import auth, schema
from backend.seed import seed_from_terminal_db
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers import codes
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.pickup import pickup_by_code
from terminal.lockers.site import install_site
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for, enroll_terminal

SITE = "LCK-1"


def test_deposit_and_pickup_through_a_real_kiosk_converge_with_the_backend(server, tmp_path):
    engine = server.app.state.engine
    master = open_db(tmp_path / "master.db", create=True)
    install_site(master, SITE, boards=1)
    master.execute("INSERT INTO users (id, name, roles) VALUES ('courier-1', 'Kurier', 'courier')")
    master.conn.commit()
    seed_from_terminal_db(engine, SITE, tmp_path / "master.db")
    token = auth.make_integration_token(engine)
    httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
               json={"site_id": SITE, "tracking_number": "TRK-1", "recipient_phone": "600100200",
                     "size_class": "A"}).raise_for_status()
    code, _ = auth.make_enrollment_code(engine, SITE, "kiosk", kind="locker")
    db_path = tmp_path / "kiosk.db"
    enroll_terminal(db_path, server.url, code, settings=Settings({}))
    db = open_db(db_path)
    with client_for(db_path, Settings({})) as client:
        sync_once(db, client)
    key = codes.load_site_key(tmp_path / "kiosk.db.sitekey")
    with LockBoardEmulator(1, open_delay=0.01) as emulator:
        line = LockBoardLine(emulator.path, timings=Timings(reply_timeout=0.15, open_timeout=0.6, poll_interval=0.01))
        kiosk = LockerKiosk(db, line, settings=Settings(), key=key, site_id=SITE,
                            timings=DoorTimings(reminder_s=30.0, alarm_s=60.0, poll_s=0.01, give_up_s=20.0))

        def person(opening, action):
            comp = opening.compartment
            assert emulator.wait_open(comp.board_no, comp.lock_no)
            getattr(emulator, action)(comp.board_no, comp.lock_no)
            emulator.close_door(comp.board_no, comp.lock_no)

        try:
            kiosk.doors.opened.connect(put := lambda opening: person(opening, "put_item"))
            placed = deposit(kiosk, "courier-1", "TRK-1")
            assert placed.ok, placed.message
            kiosk.doors.opened.disconnect(put)
            with client_for(db_path, Settings({})) as client:
                sync_once(db, client)
            assert_same(engine, SITE, db)
            ((_, message),) = server.notifier.sent
            kiosk.doors.opened.connect(lambda opening: person(opening, "take_item"))
            taken = pickup_by_code(kiosk, "600100200", message.split("Pickup code: ")[1][:6])
            assert taken.ok, taken.message
        finally:
            kiosk.stop()
            line.close()
    with client_for(db_path, Settings({})) as client:
        sync_once(db, client)
    with engine.connect() as conn:
        statuses = conn.execute(select(schema.ops.c.name, schema.ops.c.status, schema.ops.c.code)
                                .order_by(schema.ops.c.seq)).all()
        conflicts = conn.execute(select(schema.exceptions.c.message)).scalars().all()
    assert all(status == "applied" and code is None for _, status, code in statuses), statuses
    assert {"ParcelDeposited", "ParcelPickedUp"} <= {name for name, _, _ in statuses}
    assert conflicts == []
    assert db.execute("SELECT status FROM parcels").fetchone()[0] == "picked_up"
    assert_same(engine, SITE, db)
