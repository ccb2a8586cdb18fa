"""A raw-9100 label printer on 127.0.0.1 in a thread: the demo's printer and the tests' printer.

Switched off is a port nothing listens on (`free_port()`); `close()` switches a running one off.
`spool` keeps every job as a .zpl file there too (the demo's "paper"). `break_after` bytes: read that
much of a job, then reset the connection, as a printer that loses power mid-job does — for every job
while it is set, or only the first `break_first` jobs. `handoff device emulate-printer` runs one."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

# SO_LINGER on, 0 s: close with a reset, as a printer that loses power mid-job does
_RESET = b"\x01\x00\x00\x00\x00\x00\x00\x00"


def free_port() -> int:
    """A port with nothing listening on it (a printer that is switched off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrinterServer:
    """Accepts connections on `port` (0: any free one) and keeps every whole job's bytes in `jobs`."""

    def __init__(self, port: int = 0, break_after: int | None = None, break_first: int | None = None,
                 spool: Path | None = None) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.port = int(self.sock.getsockname()[1])
        self.break_after = break_after
        self.break_first = break_first
        self.spool = spool
        self.jobs: list[bytes] = []
        self.broken = 0
        self._thread = threading.Thread(target=self._serve, name="printer-emulator", daemon=True)
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
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
                    self.broken += 1
                    continue
                try:
                    while chunk := conn.recv(65536):
                        data += chunk
                except OSError:
                    continue                      # the sender gave up mid-job: nothing printed
                self.jobs.append(data)
                if self.spool is not None:
                    self.spool.mkdir(parents=True, exist_ok=True)
                    number = len(list(self.spool.glob("label-*.zpl"))) + 1   # earlier runs' labels stay
                    (self.spool / f"label-{number:05d}.zpl").write_bytes(data)

    def close(self) -> None:
        # shutdown wakes the accept() blocked in the thread; close alone leaves the port listening
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(timeout=5)
