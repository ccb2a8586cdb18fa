"""Tell a keyboard-wedge scanner from a person typing, by timing alone (no Qt here).

A wedge scanner "types" the barcode at a few milliseconds per character and ends it with Enter or
Tab. A person types at 100–300 ms per character. Characters are buffered only while they come
quickly: as soon as the gap since the last one exceeds `max_gap_ms` (a timer in the UI calls
`flush`, or the next key notices it), the buffer is handed back as typing (`Replay`) so text typed
by hand still lands in the field — delayed by at most one gap. At a terminator, a buffer of at least
`min_length` characters whose average inter-key time is ≤ `max_avg_ms` (and that carries the
configured prefix/suffix, if any) is a scan; anything else is replayed and the terminator passes.

Settings (`[scanning]`): wedge_max_avg_ms = 30.0, wedge_min_length = 4, wedge_max_gap_ms = 80.0,
wedge_prefix = "", wedge_suffix = "" (a suffix also ends a scan without Enter),
wedge_terminators = ["Enter", "Tab"], wedge_terminator_required = true."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from terminal.config import Settings

TERMINATOR_NAMES = ("Enter", "Tab")


@dataclass(frozen=True)
class WedgeSettings:
    max_avg_ms: float = 30.0
    min_length: int = 4
    max_gap_ms: float = 80.0
    prefix: str = ""
    suffix: str = ""
    terminators: tuple[str, ...] = TERMINATOR_NAMES
    terminator_required: bool = True

    @classmethod
    def from_settings(cls, settings: Settings | None) -> WedgeSettings:
        if settings is None:
            return cls()
        max_avg = float(settings.get("scanning.wedge_max_avg_ms", 30.0))
        return cls(
            max_avg_ms=max_avg,
            min_length=settings.get("scanning.wedge_min_length", 4),
            # a single gap may be longer than the average (USB polling, a scanner's own pauses)
            max_gap_ms=max(float(settings.get("scanning.wedge_max_gap_ms", 80.0)), max_avg),
            prefix=settings.get("scanning.wedge_prefix", ""),
            suffix=settings.get("scanning.wedge_suffix", ""),
            terminators=tuple(settings.get("scanning.wedge_terminators", list(TERMINATOR_NAMES))),
            terminator_required=settings.get("scanning.wedge_terminator_required", True),
        )


@dataclass(frozen=True)
class WedgeScan:
    """A complete scan: the text without prefix, suffix and terminator."""

    text: str


@dataclass(frozen=True)
class Replay:
    """Buffered keys that were typing after all: give them back, in order, to the focused widget."""

    keys: tuple[tuple[str, Any], ...]   # (character, whatever the caller passed with it)

    @property
    def text(self) -> str:
        return "".join(char for char, _ in self.keys)


Output = WedgeScan | Replay


@dataclass
class Fed:
    """What to do with a key just fed: the outputs (in order), then swallow the key or let it pass."""

    outputs: list[Output] = field(default_factory=list)
    swallow: bool = False


@dataclass
class _Key:
    char: str
    at_ms: float
    payload: Any


class WedgeClassifier:
    """Feed characters, terminators and other keys with their times; act on what comes back."""

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self.settings = settings or WedgeSettings()
        self._buffer: list[_Key] = []

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def deadline_ms(self) -> float | None:
        """When the buffer must be flushed if no key comes (last key + max gap), None if empty."""
        return self._buffer[-1].at_ms + self.settings.max_gap_ms if self._buffer else None

    def is_terminator(self, name: str) -> bool:
        return name in self.settings.terminators

    def feed_char(self, char: str, at_ms: float, payload: Any = None) -> Fed:
        """A key that types `char`. It is buffered (swallowed) unless a scan could not be starting."""
        fed = Fed()
        gap = at_ms - self._buffer[-1].at_ms if self._buffer else 0.0
        if self._buffer and (gap > self.settings.max_gap_ms or gap < 0):
            fed.outputs.append(self._replay())
        if not self._buffer and self.settings.prefix and char != self.settings.prefix[0]:
            return fed     # with a prefix configured, anything else starting a burst is typing: pass it now
        self._buffer.append(_Key(char, at_ms, payload))
        fed.swallow = True
        suffix = self.settings.suffix
        if suffix and self._text().endswith(suffix):
            fed.outputs.append(self._decide(at_ms, by_suffix=True))
        return fed

    def feed_terminator(self, at_ms: float) -> Fed:
        """Enter or Tab: a scan ends here (swallowed), or the buffer is typing and the key passes."""
        if not self._buffer:
            return Fed()
        if at_ms - self._buffer[-1].at_ms > self.settings.max_gap_ms:
            return Fed([self._replay()])
        decided = self._decide(at_ms, by_suffix=False)
        return Fed([decided], swallow=isinstance(decided, WedgeScan))

    def feed_other(self, at_ms: float) -> Fed:
        """Any other key (arrows, Backspace, shortcuts): what is buffered was typing; the key passes."""
        return Fed([self._replay()] if self._buffer else [])

    def flush(self, at_ms: float | None = None) -> list[Output]:
        """The gap since the last key exceeded the limit (the UI's timer says so)."""
        if not self._buffer:
            return []
        if not self.settings.terminator_required and not self.settings.suffix:
            return [self._decide(self._buffer[-1].at_ms, by_suffix=False)]
        return [self._replay()]

    def _text(self) -> str:
        return "".join(key.char for key in self._buffer)

    def _decide(self, end_ms: float, *, by_suffix: bool) -> Output:
        s = self.settings
        text = self._text()
        if s.prefix and not text.startswith(s.prefix):
            return self._replay()
        if s.suffix and not by_suffix and not text.endswith(s.suffix):
            return self._replay()
        body = text[len(s.prefix): len(text) - len(s.suffix) if s.suffix else None]
        times = [key.at_ms for key in self._buffer] + ([] if by_suffix else [end_ms])
        intervals = len(times) - 1
        average = (times[-1] - times[0]) / intervals if intervals > 0 else float("inf")
        if len(body) >= s.min_length and average <= s.max_avg_ms:
            self._buffer.clear()
            return WedgeScan(body)
        return self._replay()

    def _replay(self) -> Replay:
        replay = Replay(tuple((key.char, key.payload) for key in self._buffer))
        self._buffer.clear()
        return replay


def classify_keys(events: list[tuple[str, float]], settings: WedgeSettings | None = None) -> list[Output]:
    """Run a whole recorded sequence: ("\\n" or "\\t" = terminator, "" = another key), then flush."""
    wedge = WedgeClassifier(settings)
    out: list[Output] = []
    last = 0.0
    for char, at in events:
        if char in ("\n", "\r", "\t"):
            fed = wedge.feed_terminator(at)
        elif char == "":
            fed = wedge.feed_other(at)
        else:
            fed = wedge.feed_char(char, at)
        out.extend(fed.outputs)
        last = at
    out.extend(wedge.flush(last))
    return out
