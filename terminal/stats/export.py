"""CSV export and the printable shift report (PDF) of a dashboard snapshot."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from terminal.clock import iso, local_time
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
    "inventory_accuracy_rate": "Inventory record accuracy",
    "dock_to_stock_median_s": "Dock-to-stock time, median",
    "dock_to_stock_p90_s": "Dock-to-stock time, p90",
    "return_processing_median_s": "Return processing time, median",
    "return_rate": "Return rate",
    "time_to_restock_median_s": "Time to restock a return, median",
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


def human_duration(seconds: float) -> str:
    """A span a person reads without doubt: "45 min", "2 h 14 min", "2 d 6 h" (never "46:51")."""
    minutes = int(round(abs(seconds) / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    sign = "−" if seconds < 0 and (days or hours or minutes) else ""
    if days:
        return f"{sign}{days} d {hours} h" if hours else f"{sign}{days} d"
    if hours:
        return f"{sign}{hours} h {minutes} min" if minutes else f"{sign}{hours} h"
    return f"{sign}{minutes} min"


def format_value(key: str, value: Any) -> str:
    """How a person reads a KPI: durations in d/h/min, rates as %, counts as whole numbers."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        value = value.get("total", 0)
    unit = kpi_unit(key)
    if unit == "duration":
        return human_duration(float(value))
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


@dataclass(frozen=True)
class ReportWords:
    """Every word and number format of the shift report, so the screen hands over its own language.

    The defaults are English with human units on the site's clock (the CLI, tests); the supervisor
    screen passes translated ones (ui/stats/report_words.py)."""

    title: str = "Shift report"
    window: str = "Shift %1, %2–%3 (site time)"
    kpi_header: tuple[str, str, str] = ("KPI", "This shift", "Previous shift")
    people: str = "People"
    people_header: tuple[str, ...] = ("Name", "Role", "Time logged in", "Count", "Rate /h")
    risks: str = "Late and at-risk orders"
    risks_header: tuple[str, ...] = ("Order", "State", "Service", "Ship by", "Time left")
    exceptions: str = "Open exceptions"
    exceptions_header: tuple[str, ...] = ("Raised", "Kind", "Status", "Message")
    kpi_titles: Mapping[str, str] = field(default_factory=lambda: KPI_TITLES)
    value: Callable[[str, Any], str] = format_value
    duration: Callable[[float], str] = lambda s: human_duration(s)
    left: Callable[[float], str] = lambda s: human_duration(s) if s >= 0 else f"{human_duration(-s)} late"
    word: Callable[[str], str] = lambda code: code.replace("_", " ")
    role: Callable[[str], str] = lambda code: code
    service: Callable[[str], str] = lambda code: code.replace("_", " ").capitalize()
    exception: Callable[[Mapping[str, Any]], str] = lambda e: str(e["message"])
    number: Callable[[float], str] = lambda x: f"{x:.1f}"


def write_report_pdf(snap: Snapshot, path: Path, *, site: str = "", words: ReportWords | None = None) -> Path:
    """A printable A4 shift report in `words`' language: KPIs against the previous shift, people,
    at-risk orders, exceptions; times on the site's clock, durations in d/h/min, a font with ł, ś, ż."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from terminal.packing.pdf_fonts import unicode_font

    t = words or ReportWords()
    font, bold = unicode_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if getattr(style, "fontName", "").endswith("Bold") else font
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("FONTNAME", (0, 0), (-1, -1), font),
                       ("FONTNAME", (0, 0), (-1, 0), bold), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                       ("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    w = snap.window
    tz = w.start.tzinfo or UTC
    body = styles["BodyText"]

    def moment(text: str) -> str:
        return local_time(text, tz, today=w.stop)

    story: list[Any] = [
        Paragraph(f"{t.title} {site}".strip(), styles["Title"]),
        Paragraph(t.window.replace("%1", w.start.astimezone(tz).strftime("%Y-%m-%d"))
                  .replace("%2", local_time(w.start, tz)).replace("%3", local_time(w.stop, tz)), styles["Normal"]),
        Spacer(1, 8),
    ]
    kpis = [list(t.kpi_header)] + [[t.kpi_titles.get(k, k), t.value(k, v), t.value(k, p)]
                                   for k, v, p in kpi_rows(snap)]
    story += [Table(kpis, style=grid), Spacer(1, 8), Paragraph(t.people, styles["Heading2"])]
    people = [list(t.people_header)] + [
        [p["name"], t.role(p["role"]), t.duration(p["hours"] * 3600), str(p["count"]),
         "—" if p["rate"] is None else t.number(p["rate"])] for p in snap.people]
    story += [Table(people, style=grid), Spacer(1, 8), Paragraph(t.risks, styles["Heading2"])]
    risks = [list(t.risks_header)] + [
        [r["ref"], t.word(r["state"]), t.service(r.get("service") or ""), moment(r["ship_by"]),
         t.left(r["seconds_left"])] for r in snap.risks[:60]]
    story += [Table(risks, style=grid), Spacer(1, 8), Paragraph(t.exceptions, styles["Heading2"])]
    exceptions = [list(t.exceptions_header)] + [
        [moment(e["raised_at"]), t.word(e["kind"]), t.word(e["status"]), Paragraph(t.exception(e), body)]
        for e in snap.exceptions[:80]]
    story.append(Table(exceptions, style=grid, colWidths=[60, 90, 70, 290]))
    SimpleDocTemplate(str(path), pagesize=A4, title=t.title).build(story)
    return path
