"""A raw-9100 label printer on 127.0.0.1 in a thread, for the label and the pack-station tests.

Switched off is a port nothing listens on (`free_port()`); `close()` switches a running one off.
`break_after` bytes: read that much of a job, then reset the connection, as a printer that loses
power mid-job does — for every job while it is set, or only the first `break_first` jobs."""

from __future__ import annotations

import socket
import threading


def free_port() -> int:
    """A port with nothing listening on it (a printer that is switched off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrinterServer:
    """Accepts connections on `port` (0: any free one) and keeps every whole job's bytes in `jobs`."""

    def __init__(self, port: int = 0, break_after: int | None = None, break_first: int | None = None) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.break_after = break_after
        self.break_first = break_first
        self.jobs: list[bytes] = []
        self.broken = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _breaks_next(self) -> bool:
        return self.break_after is not None and (self.break_first is None or self.broken < self.break_first)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                if self._breaks_next():
                    assert self.break_after is not None
                    while len(data) < self.break_after:
                        chunk = conn.recv(self.break_after - len(data))
                        if not chunk:
                            break
                        data += chunk
                    # SO_LINGER 0: close with a reset, as a printer that loses power mid-job does
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.broken += 1
                    continue
                while chunk := conn.recv(65536):
                    data += chunk
                self.jobs.append(data)

    def close(self) -> None:
        self.sock.close()
