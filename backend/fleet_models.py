"""The wire messages of fleet health: a terminal's heartbeat in, the supervisor's list out.

The terminal builds the heartbeat in terminal/sync/heartbeat.py; anything out of range here is a 422
with the field named (never a 500), like every other request body."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from backend.models import _Model, _Request
from terminal.sync.protocol import PROTOCOL

#: what a terminal knows of a device: working, reporting a problem, not checked yet, or not configured
DeviceStateName = Literal["ok", "problem", "unknown", "absent"]
#: why a terminal is listed before the healthy ones, worst first (the order of GET /v1/fleet/health)
Problem = Literal["stale", "boards_offline", "backlog_growing", "sync_error", "doors_faulted", "printer",
                  "scanner", "low_disk"]
PROBLEMS: tuple[str, ...] = Problem.__args__   # type: ignore[attr-defined]


class BoardIn(_Model):
    board: int = Field(ge=0, le=15)          # an RS-485 address (protocols/lockboard-cu16.md)
    online: bool


class DeviceIn(_Model):
    state: DeviceStateName = "unknown"
    detail: str = Field(default="", max_length=200)


class HeartbeatIn(_Request):
    protocol: int = PROTOCOL
    app_version: str = Field(min_length=1, max_length=40)
    schema_version: int = Field(ge=0, le=1_000_000)
    sync_interval_s: float = Field(gt=0, le=86_400)     # the terminal's own: staleness is counted in it
    boards: list[BoardIn] = Field(default_factory=list, max_length=16)
    doors_faulted: int = Field(default=0, ge=0, le=100_000)
    printer: DeviceIn = Field(default_factory=DeviceIn)
    scanner: DeviceIn = Field(default_factory=DeviceIn)
    disk_free_bytes: int | None = Field(default=None, ge=0, le=2**62)
    outbox_size: int = Field(default=0, ge=0, le=2**62)
    outbox_age_s: float = Field(default=0, ge=0, le=10 * 365 * 86_400)   # the oldest unsent op's age
    sync_error: str = Field(default="", max_length=40)   # the last cycle's error code ("" after a success)

    @field_validator("boards")
    @classmethod
    def _one_entry_per_board(cls, boards: list[BoardIn]) -> list[BoardIn]:
        numbers = [b.board for b in boards]
        if len(set(numbers)) != len(numbers):
            raise ValueError("each board may be listed once")
        return boards


class HeartbeatOut(_Model):
    protocol: int = PROTOCOL
    received_at: str


class DeviceOut(_Model):
    state: DeviceStateName
    detail: str


class TerminalHealthOut(_Model):
    terminal_id: str
    name: str
    site_id: str
    role: str
    problems: list[Problem]            # worst first; empty: healthy
    last_heartbeat_at: str
    silent_s: float                    # seconds since the last heartbeat, by the backend's clock
    sync_interval_s: float
    app_version: str
    schema_version: int
    boards_total: int
    boards_online: int
    boards_offline: list[int]
    doors_faulted: int
    printer: DeviceOut
    scanner: DeviceOut
    disk_free_bytes: int | None
    outbox_size: int
    outbox_age_s: float
    sync_error: str


class FleetHealthOut(_Model):
    protocol: int = PROTOCOL
    as_of: str
    stale_after_intervals: float
    terminals: list[TerminalHealthOut]
