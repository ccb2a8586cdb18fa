"""A TCP proxy that misbehaves on purpose, one HTTP/1.1 request at a time.

For every request it reads from the client it picks an action: pass, delay, drop (close without
forwarding), reset mid-request (half the request reaches the server, then RST both ways), reset
mid-response (the server answers in full, the client gets half the answer then RST), or duplicate
(the request is sent to the server twice at the same time; the client gets one answer)."""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time

ACTIONS = ("pass", "delay", "drop", "reset_request", "reset_response", "duplicate")


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP message (headers + Content-Length body) from `sock`, or None at EOF."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[:head_end + length])
    del buffer[:head_end + length]
    return message


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class ChaosProxy:
    def __init__(self, upstream_port: int, *, seed: int = 1, chaos: float = 0.5,
                 actions: tuple[str, ...] = ACTIONS[1:]) -> None:
        self.upstream_port = upstream_port
        self.rand = random.Random(seed)
        self.chaos = chaos
        self.actions = actions
        self.counts: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _pick(self) -> str:
        with self._lock:
            action = self.rand.choice(self.actions) if self.rand.random() < self.chaos else "pass"
            self.counts[action] += 1
            return action

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _upstream(self, request: bytes) -> bytes | None:
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
                up.sendall(request)
                return _read_message(up, bytearray())
        except OSError:
            return None

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        try:
            while True:
                request = _read_message(client, buffer)
                if request is None:
                    client.close()
                    return
                action = self._pick()
                if action == "drop":
                    client.close()
                    return
                if action == "reset_request":
                    try:
                        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5) as up:
                            up.sendall(request[: max(1, len(request) // 2)])
                            _reset(up)
                    except OSError:
                        pass
                    _reset(client)
                    return
                if action == "delay":
                    time.sleep(self.rand.uniform(0.01, 0.15))
                if action == "duplicate":
                    twin = threading.Thread(target=self._upstream, args=(request,))
                    twin.start()
                    response = self._upstream(request)
                    twin.join()
                else:
                    response = self._upstream(request)
                if response is None:
                    _reset(client)
                    return
                if action == "reset_response":
                    client.sendall(response[: max(1, len(response) // 2)])
                    _reset(client)
                    return
                client.sendall(response)
        except OSError:
            client.close()
