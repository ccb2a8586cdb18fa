"""The receiving ops' refusals reach the stocker in their language, with the details filled in."""

from __future__ import annotations

import pytest

from terminal.errors import OpRejected
from terminal.inventory.receiving_flow import put_away
from terminal.store import open_db
from ui.i18n import language_switch
from ui.receiving.messages import refusal, texts


def test_a_refusal_of_the_core_is_said_in_polish_and_english(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "t.db", create=True)
    with pytest.raises(OpRejected) as refused:
        put_away(db, "no-such-line", "A-01", None, None)
    assert refused.value.code in texts()
    english = refusal(refused.value)
    assert english == "That receipt line is not known here."
    language_switch().set_language("pl")
    try:
        assert refusal(refused.value) not in ("", english)
        shelf = refusal(OpRejected("not_a_shelf", "DOCK is not a location goods can be put away to.", ("DOCK",)))
        assert "DOCK" in shelf and shelf != "DOCK is not a location goods can be put away to."
    finally:
        language_switch().set_language("en")
    db.close()
