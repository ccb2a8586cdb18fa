"""Handover onto the carrier's vehicle and the carrier's manifest (PDF + CSV), on a real database file."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from packing_world import picked_order

from terminal.config import Settings
from terminal.labels.spool import queue_label, send_pending
from terminal.packing.handover import Handover
from terminal.packing.manifest import close_manifest, write_handover_files
from terminal.packing.session import PackSession
from terminal.people.badges import user_by_id
from terminal.scanning.classify import classify
from terminal.stats import kpis
from terminal.stats.window import Window


def pack(db, clock, tote: str, sku: str = "SKU-TEA", *, printer: str = "file:/dev/null") -> tuple[str, str, str]:
    """Pack a one-line order through the real session, its label sent through the real spool as the
    station does; (order id, tracking number, SSCC)."""

    def print_label(package_id: str) -> None:
        queue_label(db, package_id, printer, clock=clock)
        send_pending(db, clock=clock, timeout_s=1.0)

    s = PackSession(db, user_by_id(db, "u-pat"), clock=clock, settings=Settings(), print_label=print_label)
    assert s.handle(classify(db, tote)).ok
    assert s.handle(classify(db, sku)).ok
    assert s.weigh(s.expected_weight_g(), "scale").ok
    package = s.last_package
    oid = db.execute("SELECT order_id FROM packages WHERE id = ?", (package.package_id,)).fetchone()[0]
    return oid, package.tracking_number, package.sscc


def test_handover_by_tracking_number_and_by_sscc_ends_the_order_to_ship_time(packing_db, clock):
    db = packing_db
    picked_order(db, [("SKU-TEA", 1)], tote="T-1")
    picked_order(db, [("SKU-PEN", 1)], tote="T-2")
    picked_order(db, [("SKU-CUP", 1)], tote="T-3", carrier="INPOST")
    o1, track1, _ = pack(db, clock, "T-1")
    o2, _, sscc2 = pack(db, clock, "T-2", "SKU-PEN")
    _, track3, _ = pack(db, clock, "T-3", "SKU-CUP")
    clock.advance(minutes=30)
    handover = Handover(db, user_id="u-pat", clock=clock)
    assert handover.scan(track1).ok and handover.carrier_code == "DPD"
    before = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    for code, words in (("NOPE-1", "not a package packed here"), (track3, "goes with INPOST, not DPD"),
                        (track1, "already handed over")):
        out = handover.scan(code)
        assert not out.ok and words in out.message
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == before      # nothing changed
    out = handover.scan("00" + sscc2)                                              # GS1 AI 00 form
    assert out.ok and "0 still to load" in out.message
    rows = db.execute("SELECT status, handed_over_at FROM orders WHERE id IN (?, ?)", (o1, o2)).fetchall()
    assert {r[0] for r in rows} == {"handed_over"} and all(r[1] for r in rows)
    clock.advance(seconds=1)
    window = Window(clock.now() - timedelta(hours=2), clock.now(), clock.now())
    assert kpis.otst_values(db, window) and kpis.fill_rate(db, window) == 1.0


def test_close_manifest_writes_pdf_and_csv_and_puts_each_package_on_one_manifest(packing_db, clock, tmp_path):
    db = packing_db
    picked_order(db, [("SKU-TEA", 1)], tote="T-1", ref="WAW-ŁÓDŹ-1")
    picked_order(db, [("SKU-PEN", 1)], tote="T-2")
    picked_order(db, [("SKU-CUP", 1)], tote="T-3", carrier="INPOST")
    _, track1, sscc1 = pack(db, clock, "T-1")
    pack(db, clock, "T-2", "SKU-PEN")
    pack(db, clock, "T-3", "SKU-CUP")
    manifest = close_manifest(db, "DPD", user_id="u-pat", clock=clock)
    assert len(manifest.rows) == 2 and manifest.day == "2026-11-23"
    csv_path = write_handover_files(manifest, tmp_path / "dpd.pdf")
    assert csv_path == tmp_path / "dpd.csv"
    assert (tmp_path / "dpd.pdf").read_bytes().startswith(b"%PDF")
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["tracking_number"] for r in rows][0] == track1 and rows[0]["sscc"] == sscc1
    assert rows[0]["order_ref"] == "WAW-ŁÓDŹ-1"
    assert db.execute("SELECT count(*) FROM packages WHERE manifest_id = ?", (manifest.manifest_id,)).fetchone()[0] == 2
    import pytest

    from terminal.errors import HandoffError
    with pytest.raises(HandoffError, match="nothing to close"):
        close_manifest(db, "DPD", clock=clock)
    with pytest.raises(HandoffError, match="no carrier UPS"):
        close_manifest(db, "UPS", clock=clock)


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "terminal", *args], capture_output=True, text=True, timeout=60,
                          input=stdin)


def test_manifest_cli_close_and_handover(packing_db, clock, db_path: Path, tmp_path):
    db = packing_db
    picked_order(db, [("SKU-TEA", 1)], tote="T-1")
    picked_order(db, [("SKU-CUP", 1)], tote="T-3", carrier="INPOST")
    _, track1, _ = pack(db, clock, "T-1")
    _, track3, _ = pack(db, clock, "T-3", "SKU-CUP")
    out = tmp_path / "day.pdf"
    done = run(["manifest", "close", "--db", str(db_path), "--carrier", "dpd", "-o", str(out), "--by", "B-PAT"])
    assert done.returncode == 0, done.stderr
    assert "1 packages" in done.stdout and out.exists() and out.with_suffix(".csv").exists()
    done = run(["manifest", "close", "--db", str(db_path), "--carrier", "DPD", "-o", str(tmp_path / "x.txt")])
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "ending in .pdf" in done.stderr
    done = run(["manifest", "close", "--db", str(db_path), "--carrier", "DPD", "-o", str(tmp_path / "again.pdf")])
    assert done.returncode == 2 and "nothing to close" in done.stderr and not (tmp_path / "again.pdf").exists()
    done = run(["manifest", "handover", "--db", str(db_path), "--carrier", "DPD", "-"], stdin=f"{track1}\n{track3}\n")
    assert done.returncode == 1
    assert track1 in done.stdout and "goes with INPOST, not DPD" in done.stderr and "Traceback" not in done.stderr
    assert db.execute("SELECT handed_over_at IS NOT NULL FROM packages WHERE tracking_number = ?",
                      (track1,)).fetchone()[0] == 1
    assert db.execute("SELECT handed_over_at FROM packages WHERE tracking_number = ?", (track3,)).fetchone()[0] is None
