"""Structured, rotated logs with secrets masked before they reach any handler.

One JSON object per line in `<user log dir>/handoff.log` (setting `logging.dir`), rotated at 5 MB
(`logging.max_bytes`), 5 old files kept (`logging.backups`). Tokens, pickup codes and phone numbers
are masked by a filter on the handler and the root logger, so a careless log call elsewhere cannot
leak them."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from pathlib import Path

from terminal.config import Settings, log_dir

_MASKS = [
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)((?<![a-z])(?:token|site_key|code|kod|pin|password|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
     r"\1***"),
    (re.compile(r"(?<!\d)(?:\+?48[\s-]?)?(\d{3})[\s-]?(\d{3})[\s-]?(\d{3})(?!\d)"), r"***-***-\3"),
]


def redact(text: str) -> str:
    """Mask tokens, codes and phone numbers (a phone keeps its last three digits for support)."""
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def log_file(settings: Settings) -> Path:
    configured = settings.get("logging.dir", "")
    return (Path(configured) if configured else log_dir()) / "handoff.log"


def setup_logging(settings: Settings, *, level: str | None = None) -> Path:
    """Send every log record, redacted, to the rotated JSON log; returns the log file path."""
    path = log_file(settings)
    root = logging.getLogger()
    root.setLevel(level or settings.get("logging.level", "INFO"))
    # httpx logs every request at INFO: two lines per sync every few seconds drown the log; the
    # sync worker logs each cycle's outcome itself
    for chatty in ("httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if any(getattr(h, "baseFilename", None) == str(path.absolute()) for h in root.handlers):
        return path   # already logging there (the CLI may be entered twice in one process)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=settings.get("logging.max_bytes", 5_000_000),
            backupCount=settings.get("logging.backups", 5), encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()   # a read-only disk must not stop the terminal
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    if not any(isinstance(f, RedactingFilter) for f in root.filters):
        root.addFilter(RedactingFilter())
    return path
