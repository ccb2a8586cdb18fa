"""A TCP proxy that misbehaves on purpose, one HTTP/1.1 request at a time.

For every request it reads from the client it picks an action: pass, delay, drop (close without
forwarding), reset mid-request (half the request reaches the server, then RST both ways), reset
mid-response (the server answers in full, the client gets half the answer then RST), or duplicate
(the request is sent to the server twice at the same time; the client gets one answer)."""

from __future__ import annotations

import random
import socket
import time

from proxy_base import HttpProxy, reset

ACTIONS = ("pass", "delay", "drop", "reset_request", "reset_response", "duplicate")


class ChaosProxy(HttpProxy):
    def __init__(self, upstream_port: int, *, seed: int = 1, chaos: float = 0.5,
                 actions: tuple[str, ...] = ACTIONS[1:]) -> None:
        self.rand = random.Random(seed)
        self.chaos = chaos
        self.actions = actions
        self.counts: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        super().__init__(upstream_port)

    def _choose(self, request: bytes) -> str:
        with self._lock:
            action = self.rand.choice(self.actions) if self.rand.random() < self.chaos else "pass"
            self.counts[action] += 1
            return action

    def _before(self, client: socket.socket, request: bytes, action: str) -> bool:
        if action == "drop":
            client.close()
            return True
        if action == "reset_request":
            try:
                with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5) as up:
                    up.sendall(request[: max(1, len(request) // 2)])
                    reset(up)
            except OSError:
                pass
            reset(client)
            return True
        if action == "delay":
            time.sleep(self.rand.uniform(0.01, 0.15))
        return False

    def _after(self, client: socket.socket, response: bytes, action: str) -> bool:
        if action == "reset_response":
            client.sendall(response[: max(1, len(response) // 2)])
            reset(client)
            return True
        return False
