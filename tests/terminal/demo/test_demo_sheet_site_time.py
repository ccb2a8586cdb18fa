"""The demo sheet names each parcel's expiry on the site's clock, as the kiosk shows it (issue 15,
Clock): it printed "expires 2026-11-26 07:10 UTC" beside a kiosk that reads 08:10."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from test_demo_cli import handoff

from terminal.clock import parse_iso
from terminal.demo import read_codes


def test_sheet_expiry_times_are_site_time_not_utc(tmp_path: Path) -> None:
    db = tmp_path / "site.db"
    assert handoff("demo", "--db", str(db), "--orders", "20", "--now", "2026-11-24T06:30").returncode == 0
    sheet = tmp_path / "sheet.pdf"
    printed = handoff("demo", "--sheet", str(sheet), "--db", str(db), "--language", "en")
    assert printed.returncode == 0, printed.stderr
    text = " ".join(page.extract_text() for page in PdfReader(sheet).pages)
    codes = read_codes(db)
    # the sheet lists what a recipient can still collect (an expired parcel is the courier's)
    waiting = [p for p in codes["parcels"] if p["status"] == "deposited" and p["expires_at"] > codes["now"]]
    assert waiting
    for parcel in waiting:
        local = parse_iso(parcel["expires_at"]).astimezone(ZoneInfo("Europe/Warsaw"))
        assert f"expires {local:%Y-%m-%d %H:%M}" in text, parcel["tracking_number"]
    assert "UTC" not in text


def test_the_demo_sheet_speaks_the_sites_language(tmp_path: Path) -> None:
    """Issue 15, Language: the demo sheet was English whatever the UI spoke. Polish by default (the
    setting ui.language), English on request, every heading and label in one language."""
    from terminal.demo.sheet_words import POLISH

    db = tmp_path / "site.db"
    assert handoff("demo", "--db", str(db), "--orders", "20", "--now", "2026-11-24T06:30").returncode == 0
    texts = {}
    for language in ("pl", "en"):
        sheet = tmp_path / f"sheet-{language}.pdf"
        args = ("--language", language) if language == "en" else ()
        printed = handoff("demo", "--sheet", str(sheet), "--db", str(db), *args)
        assert printed.returncode == 0, printed.stderr
        texts[language] = " ".join(page.extract_text() for page in PdfReader(sheet).pages)
    polish, english = texts["pl"], texts["en"]
    for heading in ("Identyfikatory", "Pojemniki do spakowania", "Paczkomat: odbiór (odbiorca)", "ważny do",
                    "kierownik zmiany", "Arkusz demonstracyjny Handoff"):
        assert heading in polish and heading not in english, heading
    for heading in ("Badges", "Totes to pack", "Locker: pickup (recipient)", "expires", "Handoff demo sheet"):
        assert heading in english and heading not in polish, heading
    assert "Zielińska" in polish or "ł" in polish      # the shipped font has Polish letters
    refused = handoff("demo", "--sheet", str(tmp_path / "x.pdf"), "--db", str(db), "--language", "de")
    assert refused.returncode != 0 and "language" in refused.stderr
    assert all(POLISH[text] for text in POLISH)
