"""Plain events for the core: sessions, drivers and the sync worker publish, the UI subscribes.

The Qt adapters in ui/ connect these to signals; the core never knows who listens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Event(Generic[P]):
    """A list of callbacks called in order with the same arguments."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[P, object]] = []

    def connect(self, callback: Callable[P, object]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[P, object]) -> None:
        self._callbacks.remove(callback)

    def connected(self) -> bool:
        """True while anyone listens (so a publisher can skip work nobody would see)."""
        return bool(self._callbacks)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for callback in list(self._callbacks):
            callback(*args, **kwargs)
