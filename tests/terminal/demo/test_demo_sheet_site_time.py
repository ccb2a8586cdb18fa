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
    printed = handoff("demo", "--sheet", str(sheet), "--db", str(db))
    assert printed.returncode == 0, printed.stderr
    text = " ".join(page.extract_text() for page in PdfReader(sheet).pages)
    waiting = [p for p in read_codes(db)["parcels"] if p["status"] in ("deposited", "expired")]  # type: ignore[index]
    assert waiting
    for parcel in waiting:
        local = parse_iso(parcel["expires_at"]).astimezone(ZoneInfo("Europe/Warsaw"))
        assert f"expires {local:%Y-%m-%d %H:%M}" in text, parcel["tracking_number"]
    assert "UTC" not in text
