"""The heartbeat a terminal sends after each sync cycle: `POST /v1/heartbeat` (docs/PROTOCOL.md).

Versions, lock boards online (the kiosk's board check), doors faulted, printer and scanner state,
disk free beside the database, and the outbox's size and oldest op's age. It rides on the cycle's
client (one more request on the open connection), and it never fails the sync: any error is logged
and the cycle's outcome stands."""

from __future__ import annotations

import logging
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal import __version__
from terminal.clock import Clock
from terminal.config import Settings
from terminal.devices.health import DEVICES, DeviceHealth, printer_state
from terminal.store import schema_version
from terminal.sync.client import SyncClient, SyncUnavailable
from terminal.sync.protocol import PROTOCOL

log = logging.getLogger("terminal.sync.heartbeat")

#: what no store keeps (protocol.text_problem): a device's message with it would get every heartbeat refused
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


MAX_AGE_S = 10 * 365 * 86_400.0     # the backend's bound (backend/fleet_models.py); a clock gone wild stays in it


def _text(value: str, limit: int) -> str:
    return _UNSTORABLE.sub("\ufffd", value)[:limit]


def build_heartbeat(db: sqlite_utils.Database, db_path: Path, settings: Settings, clock: Clock, *,
                    sync_error: str = "", registry: DeviceHealth = DEVICES) -> dict[str, Any]:
    """The report as sent; every figure read now (a few indexed queries, one statvfs)."""
    devices = registry.snapshot()
    pending, oldest = db.execute("SELECT count(*), min(at) FROM outbox WHERE acked = 0").fetchone()
    age = (clock.now() - datetime.fromisoformat(oldest)).total_seconds() if oldest else 0.0
    faulted = db.execute("SELECT count(*) FROM compartments WHERE state = 'FAULT'").fetchone()[0]
    printer = printer_state(db)
    return {
        "protocol": PROTOCOL, "app_version": __version__[:40], "schema_version": schema_version(db),
        "sync_interval_s": float(settings.get("sync.interval_s", 10.0)),
        "boards": [{"board": board, "online": online} for board, online in sorted(devices.boards.items())],
        "doors_faulted": int(faulted),
        "printer": {"state": printer.state, "detail": _text(printer.detail, 200)},
        "scanner": {"state": devices.scanner.state, "detail": _text(devices.scanner.detail, 200)},
        "disk_free_bytes": _disk_free(db_path),
        "outbox_size": int(pending), "outbox_age_s": min(max(0.0, age), MAX_AGE_S), "sync_error": _text(sync_error, 40),
    }


def _disk_free(db_path: Path) -> int | None:
    try:
        return shutil.disk_usage(db_path.resolve().parent).free
    except OSError:
        return None


def send_heartbeat(db: sqlite_utils.Database, client: SyncClient, db_path: Path, settings: Settings, clock: Clock,
                   *, sync_error: str = "", registry: DeviceHealth = DEVICES) -> bool:
    """Build and send the heartbeat; False (logged) when it could not be sent. Never raises."""
    try:
        client.heartbeat(build_heartbeat(db, db_path, settings, clock, sync_error=sync_error, registry=registry))
    except Exception as exc:   # a failed heartbeat never fails the sync, whatever went wrong
        log.info("heartbeat not sent: %s", exc)
        return False
    return True


def after_cycle(db: sqlite_utils.Database, client: SyncClient, db_path: Path, settings: Settings, clock: Clock,
                error: BaseException | None) -> bool:
    """The heartbeat after a cycle that ended with `error` (None: success). Not when the backend could
    not be reached — the heartbeat would only wait for the same timeout — but after a refusal, so a
    terminal whose ops are refused or that needs an update is still seen, with the error's code."""
    if isinstance(error, SyncUnavailable):
        return False
    code = "" if error is None else str(getattr(error, "code", "failed"))
    return send_heartbeat(db, client, db_path, settings, clock, sync_error=code)
