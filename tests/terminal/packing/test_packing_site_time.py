"""The handover refusal and the carrier's manifest name times on the site's clock (issue 15, Clock):
they said "09:04 UTC" and "closed 07:53 UTC" while every screen shows site time."""

from __future__ import annotations

from datetime import UTC, datetime

from packing_world import picked_order
from test_handover_manifest import pack

from terminal.clock import FixedClock
from terminal.packing.handover import Handover
from terminal.packing.manifest import close_manifest, write_pdf


def test_handover_refusal_names_the_site_time_not_utc(packing_db) -> None:
    """"Package … was already handed over at 09:04 UTC" → at the site's 10:04 (Warsaw, UTC+1)."""
    db = packing_db
    clock = FixedClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    picked_order(db, [("SKU-TEA", 1)], tote="T-1")
    _, track, _ = pack(db, clock, "T-1")
    clock.advance(minutes=4)
    handover = Handover(db, user_id="u-pat", clock=clock)
    assert handover.scan(track).ok                                  # handed over at 08:04 UTC = 09:04 Warsaw
    again = Handover(db, user_id="u-pat", clock=clock).scan(track)
    assert not again.ok
    assert again.message.endswith("was already handed over at 09:04.") and "UTC" not in again.message
    assert again.parts[0].args[-1] == "09:04"


def test_manifest_says_when_it_closed_on_the_site_clock(packing_db, tmp_path) -> None:
    from pypdf import PdfReader

    db = packing_db
    clock = FixedClock(datetime(2026, 11, 23, 6, 53, tzinfo=UTC))
    picked_order(db, [("SKU-TEA", 1)], tote="T-1")
    pack(db, clock, "T-1")
    manifest = close_manifest(db, "DPD", user_id="u-pat", clock=clock)
    write_pdf(manifest, tmp_path / "m.pdf")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "m.pdf").pages)
    assert "closed 07:53" in text and "UTC" not in text
