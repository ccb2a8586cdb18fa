"""The plumbing both misbehaving proxies share: a listener on 127.0.0.1, a thread per client
connection, one HTTP/1.1 request at a time forwarded on a fresh upstream connection.

A subclass picks an action per request (`_choose`) and says what it does to the exchange before the
request is forwarded (`_before`) and after the answer came back (`_after`); either returns True when it
has ended the client's connection. "duplicate" sends the request upstream twice at once."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading


def read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
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


def reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class HttpProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
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

    def _choose(self, request: bytes) -> str:
        raise NotImplementedError

    def _before(self, client: socket.socket, request: bytes, action: str) -> bool:
        return False

    def _after(self, client: socket.socket, response: bytes, action: str) -> bool:
        return False

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
                return read_message(up, bytearray())
        except OSError:
            return None

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        try:
            while True:
                request = read_message(client, buffer)
                if request is None:
                    client.close()
                    return
                action = self._choose(request)
                if self._before(client, request, action):
                    return
                if action == "duplicate":
                    twin = threading.Thread(target=self._upstream, args=(request,))
                    twin.start()
                    response = self._upstream(request)
                    twin.join()
                else:
                    response = self._upstream(request)
                if response is None:
                    reset(client)
                    return
                if self._after(client, response, action):
                    return
                client.sendall(response)
        except OSError:
            client.close()
