"""Sentences for a person at a screen, as stable codes with arguments (the core stays free of Qt).

Each capability keeps its own table code → English sentence (%1, %2, … standing for the arguments in
order) and registers it here, so one `Say` type serves picking, packing and handover alike. The CLI
and logs read `Say.text` (English); the UI translates the code (ui/coded_text.py).

Two codes are worded by another part of the core and carry that part's own code: "scan_refused"
(the scanner's `Unknown`: args = English sentence, scan code, scan args…) and "op_rejected" (an
`OpRejected`: args = English sentence, refusal code, refusal args…). Their English text is the
first argument; the UI translates them by the inner code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from terminal.errors import HandoffError, OpRejected
from terminal.scanning.types import Unknown

# "failed": any other error's sentence, whole (already in the reader's words when a screen made it)
WORDED_ELSEWHERE = frozenset({"scan_refused", "op_rejected", "failed"})
CATALOGUE: dict[str, str] = dict.fromkeys(WORDED_ELSEWHERE, "%1")   # every registered code → its English


def register(messages: Mapping[str, str]) -> None:
    """Add a capability's codes; one code means one sentence everywhere."""
    for code, text in messages.items():
        if CATALOGUE.get(code, text) != text:
            raise ValueError(f"message code {code!r} is already registered with another sentence")
        CATALOGUE[code] = text


def fill(template: str, args: Sequence[str]) -> str:
    """Put the arguments in for %1, %2, … (the highest first, so %1 never eats the start of %10)."""
    for number in range(len(args), 0, -1):
        template = template.replace(f"%{number}", args[number - 1])
    return template


class Colour(str):
    """A tote colour inside a sentence's arguments: the screen names it in the reader's language."""

    __slots__ = ()


@dataclass(frozen=True)
class Say:
    """One sentence for the person: a registered code, its arguments and (as `text`) the English."""

    code: str
    args: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown message code {self.code!r}")

    @property
    def text(self) -> str:
        return fill(CATALOGUE[self.code], self.args)


def say(code: str, *args: object) -> Say:
    return Say(code, tuple(a if isinstance(a, Colour) else str(a) for a in args))


def scan_refused(scan: Unknown) -> Say:
    """The scanner's sentence about an unusable scan, keeping its code for translation."""
    text = scan.message or f"{scan.raw!r} is not a barcode used here."
    return Say("scan_refused", (text, scan.code, *scan.args))


def op_rejected(exc: OpRejected) -> Say:
    """An operation's refusal, keeping its code and arguments for translation."""
    return Say("op_rejected", (exc.message, exc.code, *exc.details))


def failure(exc: HandoffError) -> Say:
    """An error's sentence: a refusal keeps its code; any other error is said as it is."""
    return op_rejected(exc) if isinstance(exc, OpRejected) else Say("failed", (str(exc),))


@dataclass(frozen=True)
class Outcome:
    ok: bool
    parts: tuple[Say, ...]
    kind: str = ""          # "ok" | "error" | "info"

    @property
    def message(self) -> str:
        """The whole outcome in English (CLI, logs)."""
        return " ".join(part.text for part in self.parts)

    @classmethod
    def good(cls, *parts: Say) -> Outcome:
        return cls(True, parts, "ok")

    @classmethod
    def bad(cls, *parts: Say) -> Outcome:
        return cls(False, parts, "error")

    @classmethod
    def note(cls, *parts: Say) -> Outcome:
        return cls(True, parts, "info")
