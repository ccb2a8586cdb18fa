"""The keyboard-wedge timing classifier: scanner bursts become scans, typing is handed back intact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.config import Settings
from terminal.scanning.wedge import Replay, WedgeClassifier, WedgeScan, WedgeSettings, classify_keys


def timed(text: str, per_char_ms: float, start: float = 0.0, end: str = "\n") -> list[tuple[str, float]]:
    events = [(c, start + i * per_char_ms) for i, c in enumerate(text)]
    return events + ([(end, start + len(text) * per_char_ms)] if end else [])


def typed_text(outputs: list[WedgeScan | Replay]) -> str:
    return "".join(o.text for o in outputs if isinstance(o, Replay))


def test_scanner_speed_is_a_scan() -> None:
    assert classify_keys(timed("0105901234123457", 5)) == [WedgeScan("0105901234123457")]


def test_tab_terminates_too() -> None:
    assert classify_keys(timed("T-0042", 4, end="\t")) == [WedgeScan("T-0042")]


def test_human_speed_is_typing() -> None:
    outputs = classify_keys(timed("hello", 120))
    assert not any(isinstance(o, WedgeScan) for o in outputs)
    assert typed_text(outputs) == "hello"


def test_too_short_is_typing_even_when_fast() -> None:
    outputs = classify_keys(timed("ab", 5))
    assert outputs == [Replay((("a", None), ("b", None)))]


def test_average_over_the_limit_is_typing() -> None:
    # gaps of 40 ms: each under the gap limit, but the average is over 30 ms
    outputs = classify_keys(timed("ABCDEF", 40))
    assert typed_text(outputs) == "ABCDEF" and not any(isinstance(o, WedgeScan) for o in outputs)


def test_typing_then_scan_keeps_both_apart() -> None:
    events = timed("hi", 150, end="") + timed("B0001", 5, start=1000)
    assert classify_keys(events) == [Replay((("h", None),)), Replay((("i", None),)), WedgeScan("B0001")]


def test_terminator_decision_swallows_only_scans() -> None:
    wedge = WedgeClassifier()
    for i, c in enumerate("ABCD"):
        assert wedge.feed_char(c, i * 5.0).swallow
    fed = wedge.feed_terminator(20.0)
    assert fed.swallow and fed.outputs == [WedgeScan("ABCD")]
    assert wedge.feed_char("x", 500.0).swallow
    fed = wedge.feed_terminator(505.0)          # a person's quick "x" + Enter: give back, Enter passes
    assert not fed.swallow and fed.outputs == [Replay((("x", None),))]
    assert not wedge.pending and wedge.feed_terminator(900.0).swallow is False


def test_gap_noticed_by_next_key_and_by_flush() -> None:
    wedge = WedgeClassifier()
    wedge.feed_char("a", 0.0, payload="P")
    assert wedge.deadline_ms() == 80.0
    fed = wedge.feed_char("b", 200.0)
    assert fed.outputs == [Replay((("a", "P"),))] and fed.swallow
    assert wedge.flush() == [Replay((("b", None),))] and wedge.deadline_ms() is None


def test_other_key_flushes() -> None:
    wedge = WedgeClassifier()
    wedge.feed_char("a", 0.0)
    assert wedge.feed_other(3.0).outputs == [Replay((("a", None),))]


def test_prefix_and_suffix() -> None:
    s = WedgeSettings(prefix="§", suffix="#")
    assert classify_keys(timed("§ABC123#", 5, end=""), s) == [WedgeScan("ABC123")]
    outputs = classify_keys(timed("ABC123", 5), s)           # no prefix: never a scan, passes unbuffered
    assert outputs == []
    outputs = classify_keys(timed("§ABC", 5), s)              # prefix but no suffix by Enter: typing
    assert typed_text(outputs) == "§ABC"


def test_no_terminator_mode_scans_on_flush() -> None:
    s = WedgeSettings(terminator_required=False)
    assert classify_keys(timed("ABCDEF", 5, end=""), s) == [WedgeScan("ABCDEF")]


def test_settings_are_read() -> None:
    s = WedgeSettings.from_settings(Settings({"scanning": {"wedge_max_avg_ms": 15, "wedge_min_length": 6,
                                                           "wedge_terminators": ["Enter"]}}))
    assert (s.max_avg_ms, s.min_length, s.terminators, s.max_gap_ms) == (15.0, 6, ("Enter",), 80.0)


KEYS = st.lists(st.tuples(st.one_of(st.characters(), st.sampled_from(["\n", "\t", ""])),
                          st.floats(min_value=0, max_value=400, allow_nan=False)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(steps=KEYS)
def test_property_never_raises_and_loses_no_character(steps: list[tuple[str, float]]) -> None:
    """Whatever arrives, every character ends up in exactly one scan or one replay, in order."""
    at = 0.0
    events = []
    for char, gap in steps:
        at += gap
        events.append((char, at))
    outputs = classify_keys(events)
    chars = [c for c, _ in events if c not in ("\n", "\r", "\t", "")]
    rebuilt = "".join(o.text for o in outputs)
    assert rebuilt == "".join(chars)
    assert all(isinstance(o, WedgeScan | Replay) for o in outputs)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="ascii", categories=("L", "N", "P")), min_size=4, max_size=60),
       per_char=st.floats(min_value=0.5, max_value=30.0))
def test_property_fast_bursts_are_scans(text: str, per_char: float) -> None:
    assert classify_keys(timed(text, per_char)) == [WedgeScan(text)]


@settings(max_examples=300, deadline=None)
@given(steps=KEYS, prefix=st.sampled_from(["", "§", "]]"]), suffix=st.sampled_from(["", "#", "\x03"]),
       min_length=st.integers(min_value=1, max_value=8), required=st.booleans())
def test_property_any_settings_every_key_is_accounted_for(steps: list[tuple[str, float]], prefix: str, suffix: str,
                                                          min_length: int, required: bool) -> None:
    """With any prefix/suffix/length settings: no exception, and every character is either passed on at
    once, given back as typing, or part of exactly one scan (with its prefix and suffix)."""
    wedge = WedgeClassifier(WedgeSettings(prefix=prefix, suffix=suffix, min_length=min_length,
                                          terminator_required=required))
    seen: list[str] = []
    typed: list[str] = []
    at = 0.0

    def take(outputs: list[WedgeScan | Replay]) -> None:
        for output in outputs:
            assert isinstance(output, WedgeScan | Replay)
            typed.append(output.text if isinstance(output, Replay) else prefix + output.text + suffix)

    for char, gap in steps:
        at += gap
        if char in ("\n", "\t"):
            fed = wedge.feed_terminator(at)
        elif char == "":
            fed = wedge.feed_other(at)
        else:
            seen.append(char)
            fed = wedge.feed_char(char, at)
            take(fed.outputs)
            if not fed.swallow:
                typed.append(char)
            continue
        take(fed.outputs)
    take(wedge.flush(at))
    assert "".join(typed) == "".join(seen)
