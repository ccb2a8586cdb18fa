"""A TCP proxy on 127.0.0.1 that breaks exactly the HTTP exchanges a test tells it to.

Where `sync_proxy.ChaosProxy` misbehaves at random, this one is scripted, so a hypothesis state machine
can say which fault hits which request (and shrink to it):

* `drop_request`  — the request never reaches the backend; the client's connection is closed;
* `drop_response` — the backend handles (and commits) the request; the client's connection is closed
  before a byte of the answer;
* `reset`         — the client's connection is reset (RST) before anything is forwarded;
* `truncate`      — the backend commits; the client gets half of the answer, then the connection closes;
* `delay`         — the exchange passes after `delay_s`;
* `duplicate`     — the request reaches the backend twice at once; the client gets one of the answers;
* `cut_pull_after(n)` — `n` pull pages pass, then every further pull is reset until `clear()`.

Faults are queued per path prefix (`/v1/push`, `/v1/pull`) and each is used up by one request."""

from __future__ import annotations

import collections
import contextlib
import socket
import time

from proxy_base import HttpProxy, reset

FAULTS = ("drop_request", "drop_response", "reset", "truncate", "delay", "duplicate")


class FaultProxy(HttpProxy):
    def __init__(self, upstream_port: int, *, delay_s: float = 0.05) -> None:
        self.delay_s = delay_s
        self.counts: collections.Counter[str] = collections.Counter()
        self._queue: list[tuple[str, str]] = []          # (path prefix, fault), first match wins
        self._pull_budget: int | None = None
        super().__init__(upstream_port)

    # -- the script ---------------------------------------------------------------------------------------
    def inject(self, fault: str, path: str = "/v1/", times: int = 1) -> None:
        assert fault in FAULTS, fault
        with self._lock:
            self._queue.extend([(path, fault)] * times)

    def cut_pull_after(self, pages: int) -> None:
        with self._lock:
            self._pull_budget = pages

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._pull_budget = None

    def _choose(self, request: bytes) -> str:
        path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else ""
        with self._lock:
            if path.startswith("/v1/pull") and self._pull_budget is not None:
                if self._pull_budget <= 0:
                    self.counts["cut_pull"] += 1
                    return "reset"
                self._pull_budget -= 1
            for index, (prefix, fault) in enumerate(self._queue):
                if path.startswith(prefix):
                    del self._queue[index]
                    self.counts[fault] += 1
                    return fault
            self.counts["pass"] += 1
            return "pass"

    # -- what each fault does to the exchange ----------------------------------------------------------------
    def _before(self, client: socket.socket, request: bytes, action: str) -> bool:
        if action in ("drop_request", "reset"):
            (client.close if action == "drop_request" else lambda: reset(client))()
            return True
        if action == "delay":
            time.sleep(self.delay_s)
        return False

    def _after(self, client: socket.socket, response: bytes, action: str) -> bool:
        if action == "drop_response":
            client.close()
            return True
        if action == "truncate":
            client.sendall(response[: max(1, len(response) // 2)])
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            client.close()
            return True
        return False
