"""Sentences the core gives as a stable code with arguments, shown in the reader's language.

The core (terminal/) never imports Qt and words everything in English for the CLI and logs; next to
the English it hands the UI a stable code (lockers: refusal/result codes; picking: `Say` codes). Each
capability's UI keeps a table code → translated sentence, written as literal
`QCoreApplication.translate(context, "...")` calls so lupdate extracts them, with %1, %2, … for the
arguments in order. A code without an entry shows the core's English, so a new code is never blank.

Sentences worded by another part of the core travel inside a `Say` as "scan_refused" (the scanner's
code and arguments) and "op_rejected" (the refusal's code and arguments); `say_text` hands those to
the scanner's table (ui/scanning/messages.py) and the refusals' table (ui/refusals.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from terminal.sentences import Say


def fill(template: str, args: Sequence[str]) -> str:
    """Put the arguments in for %1, %2, … (the highest first, so %1 never eats the start of %10)."""
    for number in range(len(args), 0, -1):
        template = template.replace(f"%{number}", args[number - 1])
    return template


def sentence(texts: Mapping[str, str], code: str, english: str, args: Sequence[str] = ()) -> str:
    """The translated sentence for `code` with its arguments; the core's `english` when there is none."""
    template = texts.get(code)
    return english if template is None else fill(template, args)


def say_text(texts: Mapping[str, str], part: Say, args: Sequence[str] | None = None) -> str:
    """One core `Say` in the reader's language, by `texts` or — worded elsewhere — by that part's table.

    `args` replaces the part's arguments (already put in the reader's words, e.g. colour names)."""
    if part.code in ("scan_refused", "op_rejected") and len(part.args) >= 2:
        english, code, inner = part.args[0], part.args[1], part.args[2:]
        if part.code == "scan_refused":
            from ui.scanning.messages import scan_text
            return scan_text(code, english, inner)
        from ui.refusals import refusal_text
        return refusal_text(code, english, inner)
    return sentence(texts, part.code, part.text, part.args if args is None else args)


class Said(str):
    """A sentence already on screen that knows how to say itself again: after a language switch the
    banner and the scan log word it anew (ui/feedback.py) instead of keeping the old language."""

    again: Callable[[], str]


def said(render: Callable[[], str]) -> str:
    """`render()` now, keeping `render` so the text follows the next language switch."""
    text = Said(render())
    text.again = render
    return text


def say_again(text: str) -> str:
    """The text in the current language: a `Said` is worded again, any other text stays as it is."""
    return said(text.again) if isinstance(text, Said) else text
