"""systemd notifications (READY=1, WATCHDOG=1) without a dependency: one datagram to $NOTIFY_SOCKET.

Outside systemd there is no socket and every call is a no-op."""

from __future__ import annotations

import os
import socket


def notify(message: str) -> bool:
    """Send one sd_notify message; False when not running under systemd or the send failed."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # abstract namespace socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError:
        return False


def watchdog_interval_s() -> float | None:
    """Half the systemd watchdog period (how often to ping), or None when there is no watchdog."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    return int(usec) / 2_000_000 if usec.isdigit() and int(usec) > 0 else None


def ready() -> bool:
    return notify("READY=1")


def ping() -> bool:
    return notify("WATCHDOG=1")
