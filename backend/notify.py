"""Notifiers send pickup codes to recipients. The default one records messages and logs them masked."""

from __future__ import annotations

import logging
import re
from typing import Protocol

from sqlalchemy import Connection, insert

from backend import schema

log = logging.getLogger("backend.notify")


class Notifier(Protocol):
    def send(self, conn: Connection, site_id: str, phone: str, message: str) -> None: ...


def mask(text: str) -> str:
    """Hide codes, tokens and phone digits: what a log line may show of a notification."""
    text = re.sub(r"\b\d{6}\b", "******", text)
    text = re.sub(r"(?i)(qr:\s*)\S+", r"\1***", text)
    return re.sub(r"\+?\d[\d ()-]{5,}(\d{3})", r"***\1", text)


class RecordingNotifier:
    """Keeps every message in the notifications table (for a gateway to send) and logs it masked."""

    def send(self, conn: Connection, site_id: str, phone: str, message: str) -> None:
        from backend.push import now_iso

        conn.execute(insert(schema.notifications).values(site_id=site_id, channel="sms", recipient=phone,
                                                         message=message, created_at=now_iso()))
        log.info("notification for %s: %s", mask(phone), mask(message))
