"""The value types operation arguments are declared with (msgspec), and the base of every args model.

Every string refuses NUL bytes and lone surrogates (PostgreSQL and UTF-8 cannot store them) and has a
length limit; every number has a range, so NaN, ±Infinity and 10**30 are refused by the model rather
than by whichever store or screen meets them first. Models forbid unknown fields: an argument nobody
declared is a caller's mistake, not something to carry to the server."""

from __future__ import annotations

import functools
from typing import Annotated, Any

import msgspec
from msgspec import Meta

# a character class excluding NUL and the UTF-16 surrogate range (Python strings may hold lone ones)
_CLEAN = r"^[^\x00\ud800-\udfff]*$"

Id = Annotated[str, Meta(min_length=1, max_length=100, pattern=_CLEAN)]
Text = Annotated[str, Meta(max_length=200, pattern=_CLEAN)]
LongText = Annotated[str, Meta(max_length=2000, pattern=_CLEAN)]
Stamp = Annotated[str, Meta(min_length=10, max_length=40, pattern=r"^\d{4}-\d{2}-\d{2}[0-9T:.+\-Z ]*$")]
Day = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Qty = Annotated[int, Meta(ge=0, le=1_000_000)]
Units = Annotated[int, Meta(ge=1, le=1_000_000)]
Count = Annotated[int, Meta(ge=-1_000_000, le=1_000_000)]   # a handler refuses ≤ 0 with its own code
Grams = Annotated[float, Meta(ge=-1_000_000, le=10_000_000)]   # a scale may read below zero
Seconds = Annotated[float, Meta(ge=0, le=10_000_000)]
Metres = Annotated[float, Meta(ge=0, le=1e9)]
Slot = Annotated[int, Meta(ge=0, le=1000)]


class OpArgs(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The base of an operation's arguments model: fields are the op's argument names.

    A model that extends another one repeats `kw_only=True` (msgspec applies it per class)."""


ValidationError = msgspec.ValidationError


def check(model: type[OpArgs], args: object) -> None:
    """Raise ValidationError (with the path of the first bad field) unless `args` fits `model`."""
    try:
        msgspec.convert(args, model, strict=True)
    except UnicodeError:
        # msgspec cannot even word its error when a lone surrogate sits where no text belongs
        raise ValidationError("Expected text without lone surrogates") from None


@functools.cache
def _list_of(model: type[OpArgs]) -> Any:
    return list[model]   # type: ignore[valid-type]


def all_fit(model: type[OpArgs], many: list[object]) -> bool:
    """Whether every one of `many` fits `model` — one msgspec call for a batch of ops of one name
    (a call per op was a sixth of a push's time on the backend); `check` words what does not fit."""
    try:
        msgspec.convert(many, _list_of(model), strict=True)
    except (ValidationError, UnicodeError):
        return False
    return True
