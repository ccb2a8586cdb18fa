"""The weight check and the gate that turns a live scale stream into one weighing per package.

Tolerance (settings, section `packing`): `weight_tolerance_pct` (default 5 %) of the expected
weight, but never less than `weight_tolerance_min_g` (default 30 g) — a 200 g envelope must not fail
on a label's weight. Expected weight = every unit's catalogue weight + the box's tare."""

from __future__ import annotations

from dataclasses import dataclass

from terminal.config import Settings

MAX_WEIGHT_G = 100_000


def tolerance_g(expected_g: int, settings: Settings) -> int:
    pct = settings.get("packing.weight_tolerance_pct", 5.0)
    floor = settings.get("packing.weight_tolerance_min_g", 30)
    return max(int(floor), round(expected_g * float(pct) / 100))


@dataclass(frozen=True)
class WeightCheck:
    weight_g: int
    expected_g: int
    tolerance_g: int

    @property
    def ok(self) -> bool:
        return abs(self.weight_g - self.expected_g) <= self.tolerance_g


class ScaleGate:
    """One weighing per package from a continuous scale: a stable reading above `min_g` is taken once,
    and the next one only after the platform was cleared (a stable reading under `min_g`), so the box
    still on the scale is not weighed again for the next order."""

    def __init__(self, min_g: int = 10) -> None:
        self.min_g = min_g
        self.armed = True

    def offer(self, grams: int, stable: bool) -> int | None:
        """The weight to use now, or None (unstable, empty platform, or not yet cleared)."""
        if not stable:
            return None
        if grams < self.min_g:
            self.armed = True
            return None
        if not self.armed:
            return None
        self.armed = False
        return grams

    def rearm(self) -> None:
        """Take the next stable weight even without clearing (after a recount, the same box is weighed again)."""
        self.armed = True
