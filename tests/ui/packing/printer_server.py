"""A raw-9100 label printer on 127.0.0.1 for the station tests: switched off (nothing listens), then on."""

from __future__ import annotations

import socket
import threading


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrinterServer:
    """Accepts connections on `port` and keeps every job's bytes; `close()` switches it off."""

    def __init__(self, port: int, break_first: int = 0) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.jobs: list[bytes] = []
        self.break_first = break_first     # the first N jobs: read a little, then reset the connection
        self.broken = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                if self.broken < self.break_first:
                    conn.recv(16)
                    # SO_LINGER 0: close with a reset, as a printer that loses power mid-job does
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.broken += 1
                    continue
                while chunk := conn.recv(65536):
                    data += chunk
                self.jobs.append(data)

    def close(self) -> None:
        self.sock.close()
