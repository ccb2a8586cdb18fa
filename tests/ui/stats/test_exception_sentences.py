"""Exceptions are stored as a code with arguments and read in the reader's language (issue 15): the
Wyjątki tab showed the English sentences the core stored ("Short pick for order …") to a Polish
supervisor. The English stays in `message` for the CLI and the CSV."""

from __future__ import annotations

import json
import re
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from polish_ts import placeholders, polish

from terminal.clock import FixedClock
from terminal.exception_messages import MESSAGES, WORD_ARGS, exception_text
from terminal.sentences import fill
from terminal.stats.board import exception_queue
from ui.i18n import language_switch
from ui.stats.exception_texts import REASONS, SENTENCES, exception_sentence

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "stats"))
from shift_ops import T0, Shift  # noqa: E402


def test_every_exception_code_has_the_cores_english_and_a_finished_polish_sentence() -> None:
    assert SENTENCES == MESSAGES       # the screen's sources are the core's English, code for code
    pl = polish("ExceptionMessages")
    for code, text in MESSAGES.items():
        assert text in pl, f"no Polish for {code}"
        assert placeholders(pl[text]) == placeholders(text), code
    assert all(REASONS[r] in pl for r in REASONS)


def test_a_stored_exception_reads_in_the_readers_language(fresh_db) -> None:
    """A real WeightMismatchRecorded op: the row keeps English and the code, each screen words it."""
    shift = Shift(fresh_db, FixedClock(T0))
    oid = shift.order(created=T0)
    shift.weight_mismatch(T0 + timedelta(minutes=5), oid)
    row = fresh_db.execute("SELECT message, details FROM exceptions").fetchone()
    ref = oid.upper()
    assert row[0] == f"Order {ref} weighed 900 g in box S, expected 300 g ± 50 g (+600 g)."
    details = json.loads(row[1])
    assert details["message_code"] == "weight_mismatch" and details["message_args"][0] == ref
    queued = exception_queue(fresh_db)[0]
    language_switch().set_language("pl")
    polish_text = f"Zamówienie {ref} ważyło 900 g w kartonie S, oczekiwano 300 g ± 50 g (+600 g)."
    assert exception_sentence(queued) == polish_text
    language_switch().set_language("en")
    assert exception_sentence(queued) == row[0]
    # a row stored before codes existed (or by another backend) shows what it says
    assert exception_sentence({"message": "Something else.", "message_code": None}) == "Something else."


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(MESSAGES)), st.lists(st.text(min_size=0, max_size=12), min_size=6, max_size=6))
def test_english_and_screen_sentences_agree_for_any_arguments(code: str, args: list[str]) -> None:
    """Whatever the arguments (%1 inside them included), the stored English is the template filled in
    order, and an English screen shows exactly that sentence again from the code."""
    count = len(set(re.findall(r"%(\d)", MESSAGES[code])))
    used = args[:count]
    english, coded = exception_text(code, *used)
    shown = [a.replace("_", " ") if i + 1 in WORD_ARGS.get(code, ()) else a for i, a in enumerate(used)]
    assert english == fill(MESSAGES[code], shown)
    row = {"message": english, "message_code": coded["message_code"], "message_args": json.dumps(coded["message_args"])}
    words = WORD_ARGS.get(code, frozenset())
    if not any(i + 1 in words for i in range(count)):    # reasons are named by their own table
        assert exception_sentence(row) == english
