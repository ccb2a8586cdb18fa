"""sd_notify over a real unix datagram socket, as systemd would receive it."""

from __future__ import annotations

import socket

from terminal import watchdog


def test_notify_reaches_the_socket_and_is_silent_without_one(tmp_path, monkeypatch):
    path = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)
    try:
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        monkeypatch.setenv("WATCHDOG_USEC", "30000000")
        assert watchdog.ready() and watchdog.ping()
        assert server.recv(64) == b"READY=1"
        assert server.recv(64) == b"WATCHDOG=1"
        assert watchdog.watchdog_interval_s() == 15.0
    finally:
        server.close()
    monkeypatch.delenv("NOTIFY_SOCKET")
    monkeypatch.delenv("WATCHDOG_USEC")
    assert watchdog.ping() is False and watchdog.watchdog_interval_s() is None
