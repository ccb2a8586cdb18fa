"""Box choice: the smallest active box type that takes the order's items, by dimensions and weight.

The rule (sound and cheap, the same one warehouse systems start from):
* every item fits on its own: its sorted dimensions are each ≤ the box's sorted inner dimensions
  (an item may be turned any way, but not bent);
* all items together fill at most `fill` of the box's inner volume (default 80 %: items are not
  liquid, and padding takes room);
* items + the box's own tare weigh no more than the box's maximum weight.
Among the boxes that pass, the smallest inner volume wins (ties: the lighter box). A box scanned by
the packer overrides the suggestion unless it plainly cannot work (an item does not fit, or the
weight is over the box's limit); over the fill factor alone the packer knows better and is told so."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

import terminal.packing.messages  # noqa: F401  (registers the box sentences)
from terminal.sentences import Say, say

DEFAULT_FILL = 0.8


@dataclass(frozen=True)
class Box:
    code: str
    name: str
    barcode: str | None
    inner_mm: tuple[int, int, int]
    tare_g: int
    max_weight_g: int
    locker_size: str | None

    @property
    def volume_mm3(self) -> int:
        length, width, height = self.inner_mm
        return length * width * height


@dataclass(frozen=True)
class Item:
    """One unit: dimensions in mm and weight in grams."""

    dims_mm: tuple[int, int, int]
    weight_g: int

    @property
    def volume_mm3(self) -> int:
        length, width, height = self.dims_mm
        return length * width * height


@dataclass(frozen=True)
class Fit:
    ok: bool
    hard: bool = False        # True: the box cannot work at all (dimensions or weight)
    say: Say | None = None    # why it does not fit (or fits only by the packer's word), as a code for screens

    @property
    def reason(self) -> str:
        """The sentence in English (CLI, logs); "" when the box fits."""
        return self.say.text if self.say else ""


def active_boxes(db: sqlite_utils.Database) -> list[Box]:
    """Active box types, smallest inner volume first."""
    rows = db.execute("SELECT code, name, barcode, inner_length_mm, inner_width_mm, inner_height_mm, tare_g,"
                      " max_weight_g, locker_size FROM box_types WHERE active = 1").fetchall()
    boxes = [Box(code, name, barcode, (int(a), int(b), int(c)), int(tare), int(limit), locker)
             for code, name, barcode, a, b, c, tare, limit, locker in rows]
    return sorted(boxes, key=lambda b: (b.volume_mm3, b.tare_g, b.code))


def check_fit(box: Box, items: Sequence[Item], fill: float = DEFAULT_FILL) -> Fit:
    """Whether `items` go into `box`, with the reason when they do not."""
    inner = sorted(box.inner_mm, reverse=True)
    for item in items:
        dims = sorted(item.dims_mm, reverse=True)
        if any(d > i for d, i in zip(dims, inner, strict=True)):
            size = "×".join(str(d) for d in item.dims_mm)
            return Fit(False, hard=True, say=say("box_item_too_big", size, box.code))
    weight = sum(item.weight_g for item in items) + box.tare_g
    if weight > box.max_weight_g:
        return Fit(False, hard=True, say=say("box_over_weight", weight, box.code, box.max_weight_g))
    volume = sum(item.volume_mm3 for item in items)
    if volume > fill * box.volume_mm3:
        share = round(100 * volume / box.volume_mm3)
        return Fit(False, say=say("box_too_full", share, box.code, round(100 * fill)))
    return Fit(True)


def suggest_box(boxes: Iterable[Box], items: Sequence[Item], fill: float = DEFAULT_FILL) -> Box | None:
    """The smallest box that takes every item (None: no box type is big enough — use several)."""
    return next((box for box in sorted(boxes, key=lambda b: (b.volume_mm3, b.tare_g, b.code))
                 if check_fit(box, items, fill).ok), None)
