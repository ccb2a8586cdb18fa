"""Logs are JSON lines, rotated, and never carry tokens, codes or phone numbers."""

from __future__ import annotations

import json
import logging

from terminal.config import Settings
from terminal.logs import RedactingFilter, setup_logging


def test_secrets_never_reach_the_log_file(tmp_path):
    settings = Settings({"logging": {"dir": str(tmp_path)}})
    root = logging.getLogger()
    before = list(root.handlers), list(root.filters)
    try:
        path = setup_logging(settings)
        log = logging.getLogger("handoff.test")
        log.warning("push failed with Authorization: Bearer s3cr3t-token-value for +48 600 100 200")
        log.error("pickup code=123456 rejected", extra={})
        for handler in root.handlers:
            handler.flush()
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    finally:
        for handler in root.handlers[len(before[0]):]:
            root.removeHandler(handler)
            handler.close()
        for f in [f for f in root.filters if isinstance(f, RedactingFilter)]:
            root.removeFilter(f)
    text = json.dumps(lines)
    assert "s3cr3t" not in text and "123456" not in text and "600 100" not in text
    assert lines[0]["level"] == "WARNING" and "Bearer ***" in lines[0]["message"]
    assert lines[1]["level"] == "ERROR" and "code=***" in lines[1]["message"]
    assert "***-***-200" in lines[0]["message"]


def test_the_log_rotates_and_every_file_stays_json_and_masked(tmp_path):
    settings = Settings({"logging": {"dir": str(tmp_path), "max_bytes": 2000, "backups": 2}})
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        setup_logging(settings)
        log = logging.getLogger("handoff.rotation")
        for n in range(200):
            log.info("parcel %s picked up, code=%06d, sms to 600-100-%03d, pin: 4242", n, 100000 + n, n)
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers[len(before):]:
            root.removeHandler(handler)
            handler.close()
        for f in [f for f in root.filters if isinstance(f, RedactingFilter)]:
            root.removeFilter(f)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["handoff.log", "handoff.log.1", "handoff.log.2"]   # rotated, only two old files kept
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= 2000
        entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert entries and all("code=***" in e["message"] and "pin: ***" in e["message"] for e in entries)
        assert not any("1000" in e["message"] or "600-100" in e["message"] for e in entries)
    newest = json.loads((tmp_path / "handoff.log").read_text(encoding="utf-8").splitlines()[-1])
    assert newest["message"].startswith("parcel 199 picked up") and newest["logger"] == "handoff.rotation"
