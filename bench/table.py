"""One row per measured figure; the table the whole `make bench` run prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    area: str
    metric: str
    value: str
    goal: str = ""
    note: str = ""


def print_table(rows: list[Row]) -> None:
    headers = ("area", "metric", "value", "goal", "note")
    cells = [headers, *((r.area, r.metric, r.value, r.goal, r.note) for r in rows)]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(headers))]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    for index, row in enumerate(cells):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print(line)
    print(line)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the method the KPIs use too)."""
    import math

    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
