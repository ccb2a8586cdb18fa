"""Remote support: a pulled, signed remote open → unlock frame on the wire, against the keypad pickup.

Both through a real pseudo-terminal and pyserial against the CU16 emulator, on a real file database
(synchronous=FULL), in the same run: the keypad figure (bench_lockers's own measurement, repeated here)
is the baseline, so the ratio says what the checks cost — Ed25519 verification, the spent-id and
local-state reads, `RemoteCommandExecuted` before the frame — against a code check (HMAC + keypad op)."""

from __future__ import annotations

import json
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bench.bench_lockers import _keypad_to_unlock, person_at_the_doors
from bench.table import Row, percentile
from terminal.clock import SystemClock, iso
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.ids import new_id
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.remote import process_inbox, receive, save_support_key
from terminal.lockers.site import install_site, store_announced_parcel
from terminal.store import open_db
from terminal.sync import state

OPENS = 100


def _remote_to_unlock(tmp: Path) -> list[float]:
    db = open_db(tmp / "remote.db", create=True)
    install_site(db, "LCK-R", boards=3)
    db.execute("INSERT INTO users (id, name, roles) VALUES ('c', 'Courier', 'courier')")
    db.conn.commit()
    backend = Ed25519PrivateKey.generate()
    state.put(db, terminal_id="kiosk-r", site_id="LCK-R")
    save_support_key(db, backend.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex())
    key = bytes(range(32))
    samples: list[float] = []
    with LockBoardEmulator(3, open_delay=0.002) as emulator:
        line = LockBoardLine(emulator.path, timings=Timings(reply_timeout=0.3, open_timeout=1.0, poll_interval=0.005))
        kiosk = LockerKiosk(db, line, settings=Settings(), key=key, site_id="LCK-R", clock=SystemClock(),
                            timings=DoorTimings(poll_s=0.005))
        action, unlock_seen, arrived = person_at_the_doors(kiosk, emulator)
        for n in range(OPENS):
            store_announced_parcel(db, key, "LCK-R", f"R{n:05d}", phone="600100200", pickup_code=f"{n:06d}")
            action["put"] = True
            placed = deposit(kiosk, "c", f"R{n:05d}")
            assert placed.compartment is not None
            now = kiosk.clock.now()
            payload = json.dumps({"v": 1, "command_id": new_id(), "kind": "open", "terminal_id": "kiosk-r",
                                  "site_id": "LCK-R", "compartment_id": placed.compartment.id,
                                  "parcel_id": placed.parcel_id, "expected_state": "OCCUPIED",
                                  "issued_at": iso(now), "expires_at": iso(now + timedelta(minutes=5)),
                                  "reason": "bench", "agent": "bench"}, sort_keys=True, separators=(",", ":"))
            receive(db, [{"payload": payload, "signature": backend.sign(payload.encode()).hex()}])
            action["put"] = False
            unlock_seen.clear()
            arrived.clear()
            started = time.monotonic()           # the locker worker picks the pulled command up
            assert [d.code for d in process_inbox(kiosk)] == ["executed"]
            assert unlock_seen.wait(2)
            samples.append((arrived[0] - started) * 1000)
        line.close()
    db.close()
    return samples


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        remote = _remote_to_unlock(Path(tmp))
        keypad = _keypad_to_unlock(Path(tmp))
    ratio = percentile(remote, 0.5) / percentile(keypad, 0.5)
    return [
        Row("remote support", "signed remote open → unlock frame p50", f"{percentile(remote, 0.5):.1f} ms", "",
            f"{OPENS} opens through the pty; keypad pickup p50 {percentile(keypad, 0.5):.1f} ms in the same run"),
        Row("remote support", "signed remote open → unlock frame p99", f"{percentile(remote, 0.99):.1f} ms",
            "≤ 100 ms", f"p50 = {ratio:.2f}× the keypad pickup's (signature, replay and state checks, "
                        "the deciding op before the frame)"),
    ]
