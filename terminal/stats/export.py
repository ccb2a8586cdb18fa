"""CSV export and the printable shift report (PDF) of a dashboard snapshot."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from terminal.clock import iso
from terminal.stats.board import Snapshot, kpi_rows

KPI_TITLES = {
    "otst_median_s": "Order-to-ship time, median",
    "otst_p90_s": "Order-to-ship time, p90",
    "on_time_rate": "On-time handover",
    "pick_rate_lph": "Pick rate (lines per picker-hour)",
    "pack_rate_oph": "Pack rate (orders per packer-hour)",
    "perfect_order_rate": "Perfect orders",
    "scan_error_per_1000": "Scan errors per 1000 scans",
    "fill_rate": "Fill rate",
    "at_risk": "Orders at risk",
    "late": "Orders late",
    "locker_utilisation": "Locker utilisation now",
    "locker_utilisation_tw": "Locker utilisation, time-weighted",
    "dwell_median_s": "Dwell time, median",
    "dwell_p90_s": "Dwell time, p90",
    "first_attempt_pickup_rate": "First-attempt pickups",
    "door_faults": "Door faults",
}


def kpi_unit(key: str) -> str:
    """How a KPI's value is read — "duration" (seconds), "percent" (a 0–1 rate), "per_hour",
    "per_mille" or "count" — one rule for the export here and the dashboard's tiles."""
    if key.endswith("_s"):
        return "duration"
    if key.endswith("_rate") or key.startswith("locker_utilisation"):
        return "percent"
    if key in ("pick_rate_lph", "pack_rate_oph"):
        return "per_hour"
    if key == "scan_error_per_1000":
        return "per_mille"
    return "count"


def format_value(key: str, value: Any) -> str:
    """How a person reads a KPI: durations as h:mm, rates as %, counts as whole numbers."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        value = value.get("total", 0)
    unit = kpi_unit(key)
    if unit == "duration":
        minutes = int(round(float(value) / 60))
        return f"{minutes // 60}:{minutes % 60:02d}"
    if unit == "percent":
        return f"{100 * float(value):.1f} %"
    if unit == "per_hour":
        return f"{float(value):.1f} /h"
    if unit == "per_mille":
        return f"{float(value):.1f} ‰"
    return str(int(value))


def snapshot_csv(snap: Snapshot) -> str:
    """One CSV with sections: the KPIs (with the previous shift), people, at-risk orders, exceptions."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["window_start", iso(snap.window.start), "window_end", iso(snap.window.stop)])
    w.writerow([])
    w.writerow(["kpi", "value", "previous_shift"])
    for key, value, previous in kpi_rows(snap):
        w.writerow([key, "" if value is None else value, "" if previous is None else previous])
    w.writerow([])
    w.writerow(["person", "role", "hours", "count", "rate_per_hour"])
    for p in snap.people:
        w.writerow([p["name"], p["role"], round(p["hours"], 3), p["count"],
                    "" if p["rate"] is None else round(p["rate"], 3)])
    w.writerow([])
    w.writerow(["order", "state", "ship_by", "seconds_left", "remaining_s"])
    for r in snap.risks:
        w.writerow([r["ref"], r["state"], r["ship_by"], r["seconds_left"], r["remaining_s"]])
    w.writerow([])
    w.writerow(["exception", "kind", "raised_at", "status", "assigned_to", "message"])
    for e in snap.exceptions:
        w.writerow([e["id"], e["kind"], e["raised_at"], e["status"], e["assigned_name"] or "", e["message"]])
    return out.getvalue()


def write_csv(snap: Snapshot, path: Path) -> Path:
    path.write_text(snapshot_csv(snap), encoding="utf-8", newline="")
    return path


def write_report_pdf(snap: Snapshot, path: Path, *, site: str = "") -> Path:
    """A printable A4 shift report: KPIs against the previous shift, people, at-risk orders, exceptions."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                       ("FONTSIZE", (0, 0), (-1, -1), 8)])
    story: list[Any] = [
        Paragraph(f"Shift report {site}".strip(), styles["Title"]),
        Paragraph(f"{iso(snap.window.start)} – {iso(snap.window.stop)}", styles["Normal"]),
        Spacer(1, 8),
    ]
    kpis = [["KPI", "This shift", "Previous shift"]] + [
        [KPI_TITLES[k], format_value(k, v), format_value(k, p)] for k, v, p in kpi_rows(snap)]
    story += [Table(kpis, style=grid), Spacer(1, 8), Paragraph("People", styles["Heading2"])]
    people = [["Name", "Role", "Hours", "Count", "Rate /h"]] + [
        [p["name"], p["role"], f"{p['hours']:.2f}", str(p["count"]),
         "—" if p["rate"] is None else f"{p['rate']:.1f}"] for p in snap.people]
    story += [Table(people, style=grid), Spacer(1, 8), Paragraph("Late and at-risk orders", styles["Heading2"])]
    risks = [["Order", "State", "Ship by", "Minutes left"]] + [
        [r["ref"], r["state"], r["ship_by"], f"{r['seconds_left'] / 60:.0f}"] for r in snap.risks[:60]]
    story += [Table(risks, style=grid), Spacer(1, 8), Paragraph("Open exceptions", styles["Heading2"])]
    exceptions = [["Raised", "Kind", "Status", "Message"]] + [
        [e["raised_at"][:16], e["kind"], e["status"], Paragraph(e["message"], styles["BodyText"])]
        for e in snap.exceptions[:80]]
    story.append(Table(exceptions, style=grid, colWidths=[80, 80, 70, 280]))
    SimpleDocTemplate(str(path), pagesize=A4, title="Shift report").build(story)
    return path
