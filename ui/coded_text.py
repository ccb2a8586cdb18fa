"""Sentences the core gives as a stable code with arguments, shown in the reader's language.

The core (terminal/) never imports Qt and words everything in English for the CLI and logs; next to
the English it hands the UI a stable code (lockers: refusal/result codes; picking: `Say` codes). Each
capability's UI keeps a table code → translated sentence, written as literal
`QCoreApplication.translate(context, "...")` calls so lupdate extracts them, with %1, %2, … for the
arguments in order. A code without an entry shows the core's English, so a new code is never blank."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def fill(template: str, args: Sequence[str]) -> str:
    """Put the arguments in for %1, %2, … (the highest first, so %1 never eats the start of %10)."""
    for number in range(len(args), 0, -1):
        template = template.replace(f"%{number}", args[number - 1])
    return template


def sentence(texts: Mapping[str, str], code: str, english: str, args: Sequence[str] = ()) -> str:
    """The translated sentence for `code` with its arguments; the core's `english` when there is none."""
    template = texts.get(code)
    return english if template is None else fill(template, args)
