"""`handoff diagnose [--db PATH] [--json] [-o FILE]`: one file for support, secrets redacted."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import platform
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from terminal import __version__
from terminal.cli import print_json
from terminal.config import default_db_path, load_settings
from terminal.logs import log_file, redact
from terminal.store import LATEST_VERSION, open_db, schema_version
from terminal.store.backup import integrity_check

_PACKAGES = ("PySide6", "sqlite-utils", "zxing-cpp", "pyzbar", "biip", "pyserial", "httpx", "opencv-python-headless")
#: what the devices need at run time: a broken install (a bundle missing one, no libzbar) shows here
_MODULES = {"zxing-cpp": "zxingcpp", "pyzbar": "pyzbar.pyzbar", "opencv": "cv2", "pyserial": "serial.tools.list_ports"}
_SECRET_KEYS = ("token", "key", "secret", "password", "code")


def register(sub: Any) -> None:
    parser = sub.add_parser("diagnose", help="Collect versions, config, devices, sync and errors for support.")
    parser.add_argument("--db", type=Path, help="the terminal database (default: the configured one)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("-o", "--output", type=Path, help="also write the report to this file")
    parser.set_defaults(func=_diagnose)


def _diagnose(args: argparse.Namespace) -> int:
    settings = load_settings()
    db_path = args.db or default_db_path()
    report = {
        "versions": _versions(),
        "modules": _modules(),
        "config": {"file": str(settings.source or ""), "values": _redacted(settings.values)},
        "database": _database(db_path),
        "devices": _devices(settings.values),
        "sync": _sync(db_path),
        "last_errors": _last_errors(log_file(settings)),
    }
    text = json.dumps(report, ensure_ascii=False, indent=2, default=str)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.json or not args.output:
        print_json(report)
    else:
        print(f"Wrote the diagnosis to {args.output}; send that file to support.")
    return 0


def _versions() -> dict[str, str]:
    found = {"handoff": __version__, "python": sys.version.split()[0], "platform": platform.platform(),
             "sqlite": sqlite3.sqlite_version}
    for name in _PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _modules() -> dict[str, str]:
    found = {}
    for label, module in _MODULES.items():
        try:
            importlib.import_module(module)
            found[label] = "ok"
        except Exception as exc:   # ImportError, or a missing shared library (OSError) behind it
            found[label] = f"cannot load: {exc}"
    return found


def _redacted(values: Any) -> Any:
    if isinstance(values, dict):
        return {k: "***" if any(s in k.lower() for s in _SECRET_KEYS) and not k.endswith("_file")
                else _redacted(v) for k, v in values.items()}
    if isinstance(values, list):
        return [_redacted(v) for v in values]
    return values


def _database(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"path": str(path), "exists": False}
    try:
        db = open_db(path, migrate=False, verify=False, readonly=True)   # its own full check follows
        problems = integrity_check(db)
        outbox = db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0]
        return {"path": str(path), "exists": True, "integrity": problems or ["ok"],
                "schema_version": schema_version(db), "latest_schema_version": LATEST_VERSION,
                "ops_waiting": outbox, "size_bytes": path.stat().st_size}
    except Exception as exc:  # a diagnosis reports every failure rather than stopping at it
        return {"path": str(path), "exists": True, "error": str(exc)}


def _devices(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Every configured serial port, printer and camera, found by key name so that a capability's new
    device setting (`[packing] scale_port`, `[printing] printer`, …) is reported without a change here."""
    devices: list[dict[str, Any]] = []
    for section, table in values.items():
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            setting = f"{section}.{key}"
            if key.endswith("port") and isinstance(value, str) and value:
                devices.append({"setting": setting, "port": value, "present": Path(value).exists()})
            elif key.endswith("ports") and isinstance(value, list):
                devices += [{"setting": setting, "port": p, "present": Path(p).exists()} for p in value if p]
            elif "printer" in key and isinstance(value, str) and value:
                devices.append({"setting": setting, "uri": value, "reachable": _reachable(value)})
            elif key == "camera" and value not in ("", None):
                text = str(value)   # a device number (0) or a path
                path = Path(f"/dev/video{text}") if text.isdigit() else Path(text)
                devices.append({"setting": setting, "camera": str(path), "present": path.exists()})
    return devices


def _reachable(uri: str) -> bool | None:
    parsed = urlparse(uri)
    if parsed.scheme != "tcp" or not parsed.hostname:
        return None
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 9100), timeout=1.0):
            return True
    except OSError:
        return False


def _sync(db_path: Path) -> dict[str, Any]:
    try:
        status = importlib.import_module("terminal.sync.status")
    except ImportError:
        return {"available": False}
    try:
        result: dict[str, Any] = status.sync_status(open_db(db_path, migrate=False))
        return result
    except Exception as exc:  # reported, not raised: support needs the rest of the file too
        return {"error": str(exc)}


def _last_errors(path: Path, limit: int = 20) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-2000:]
    errors = [line for line in lines if '"level": "ERROR"' in line or '"level": "CRITICAL"' in line]
    return [redact(line) for line in errors[-limit:]]
