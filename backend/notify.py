"""Telling recipients their pickup codes, without keeping the codes.

A message is rendered when it is sent and handed straight to the gateway (a `Notifier`); the codes
in it exist only in memory for that moment. The `notifications` table is a delivery log: the
template, the masked recipient and the masked body, deleted `retention` after delivery. What must
be kept of a code is its HMAC, on the parcel (terminal/lockers/codes.py)."""

from __future__ import annotations

import logging
import re
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Connection, delete, insert

from backend import schema

log = logging.getLogger("backend.notify")

#: how long a delivered notification's log row stays (`serve --notification-retention-hours`)
DEFAULT_RETENTION = timedelta(hours=1)

TEMPLATES = {
    "parcel_announced": "Your parcel {tracking_number} is on its way to the locker. Pickup code: {code}. QR: {token}",
}


class NotificationFailed(Exception):
    """The gateway did not take the message; nothing was kept, the sender may try again."""


class Notifier(Protocol):
    def send(self, phone: str, message: str) -> None:
        """Deliver the message (raise NotificationFailed when the gateway refuses it)."""


def mask(text: str) -> str:
    """Hide codes, tokens and phone digits: what a log line or the delivery log may show of a message."""
    text = re.sub(r"\b\d{6}\b", "******", text)
    text = re.sub(r"(?i)(qr:\s*)\S+", r"\1***", text)
    return re.sub(r"\+?\d[\d ()-]{5,}(\d{3})", r"***\1", text)


class LogNotifier:
    """No SMS gateway configured: the message is logged masked (so the code itself is lost)."""

    def send(self, phone: str, message: str) -> None:
        log.warning("no SMS gateway is configured; notification for %s not sent: %s", mask(phone), mask(message))


class RecordingNotifier:
    """An in-memory gateway (demo, tests): the last `keep` messages, never written to disk."""

    def __init__(self, keep: int = 1000) -> None:
        self.sent: deque[tuple[str, str]] = deque(maxlen=keep)

    def send(self, phone: str, message: str) -> None:
        self.sent.append((phone, message))
        log.info("notification for %s: %s", mask(phone), mask(message))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def notify(conn: Connection, notifier: Notifier, site_id: str, phone: str, template: str, *,
           values: dict[str, str], secrets: dict[str, str]) -> None:
    """Render `template` with `values` and `secrets`, send it now, and log the delivery with the
    secrets left out (not masked by pattern: by construction) and the phone masked."""
    message = TEMPLATES[template].format(**values, **secrets)
    notifier.send(phone, message)
    now = _iso(datetime.now(UTC))
    body = TEMPLATES[template].format(**values, **dict.fromkeys(secrets, "***"))
    conn.execute(insert(schema.notifications).values(site_id=site_id, channel="sms", template=template,
                                                     recipient=mask(phone), body=body, created_at=now,
                                                     delivered_at=now))


def purge_notifications(conn: Connection, retention: timedelta, *, now: datetime | None = None) -> int:
    """Delete the log rows of notifications delivered more than `retention` ago; returns how many."""
    cutoff = _iso((now or datetime.now(UTC)) - retention)
    c = schema.notifications.c
    return conn.execute(delete(schema.notifications).where(c.delivered_at.is_not(None), c.delivered_at <= cutoff)
                        ).rowcount
