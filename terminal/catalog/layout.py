"""Warehouse layout and walking distance exactly as `protocols/layout-v1.md` defines them."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terminal.errors import HandoffError


class LayoutError(HandoffError):
    pass


Point = tuple[float, float]


@dataclass(frozen=True)
class Location:
    code: str
    zone: str
    aisle: int
    bay: int
    level: int
    side: str


@dataclass(frozen=True)
class Layout:
    name: str
    aisles: int
    aisle_pitch_m: float
    blocks: int
    bays_per_block: int
    bay_width_m: float
    cross_aisle_m: float
    depot_aisle: int
    zones: dict[str, tuple[int, int]]
    location_format: str = "{zone}-{aisle:02d}-{bay:02d}-{level}{side}"
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pattern", _format_to_regex(self.location_format))

    # --- geometry (layout-v1 "Coordinates") ---------------------------------------------------
    @property
    def block_length_m(self) -> float:
        return self.bays_per_block * self.bay_width_m + self.cross_aisle_m

    def cross_aisle_y(self, k: int) -> float:
        return k * self.block_length_m

    def aisle_x(self, aisle: int) -> float:
        return (aisle - 1) * self.aisle_pitch_m

    def bay_y(self, bay: int) -> float:
        block = math.ceil(bay / self.bays_per_block)
        in_block = bay - (block - 1) * self.bays_per_block
        return self.cross_aisle_y(block - 1) + self.cross_aisle_m / 2 + (in_block - 0.5) * self.bay_width_m

    @property
    def depot(self) -> Point:
        return (self.aisle_x(self.depot_aisle), self.cross_aisle_y(0))

    def point(self, location: Location) -> Point:
        return (self.aisle_x(location.aisle), self.bay_y(location.bay))

    # --- distance (layout-v1 "Distance") -------------------------------------------------------
    def distance(self, a: Point, b: Point) -> float:
        (x1, y1), (x2, y2) = a, b
        if math.isclose(x1, x2):
            return abs(y1 - y2)
        return min(
            abs(y1 - yk) + abs(x1 - x2) + abs(y2 - yk)
            for yk in (self.cross_aisle_y(k) for k in range(self.blocks + 1))
        )

    def route_length(self, points: list[Point]) -> float:
        """Depot → points in order → depot."""
        stops = [self.depot, *points, self.depot]
        return sum(self.distance(stops[i], stops[i + 1]) for i in range(len(stops) - 1))

    # --- locations -------------------------------------------------------------------------------
    def zone_of_aisle(self, aisle: int) -> str:
        for zone, (first, last) in self.zones.items():
            if first <= aisle <= last:
                return zone
        raise LayoutError(f"Aisle {aisle} is in no zone of layout {self.name!r}.")

    def location_code(self, aisle: int, bay: int, level: int, side: str) -> str:
        return self.location_format.format(
            zone=self.zone_of_aisle(aisle), aisle=aisle, bay=bay, level=level, side=side
        )

    def parse_location(self, code: str) -> Location:
        """Read a location code in this layout's format; LayoutError if it is not one of ours."""
        match = self._pattern.fullmatch(code.strip())
        if not match:
            raise LayoutError(f"{code!r} is not a location code of layout {self.name!r}.")
        parts = match.groupdict()
        aisle, bay = int(parts["aisle"]), int(parts["bay"])
        if not 1 <= aisle <= self.aisles or not 1 <= bay <= self.blocks * self.bays_per_block:
            raise LayoutError(f"Location {code!r} is outside layout {self.name!r}.")
        zone = parts.get("zone") or self.zone_of_aisle(aisle)
        if zone != self.zone_of_aisle(aisle):
            raise LayoutError(f"Location {code!r} names zone {zone}, but aisle {aisle} is in another zone.")
        return Location(code.strip(), zone, aisle, bay, int(parts.get("level") or 1), parts.get("side") or "L")

    def all_locations(self, levels: int, sides: tuple[str, ...] = ("L", "R")) -> list[Location]:
        return [
            Location(self.location_code(a, b, lv, s), self.zone_of_aisle(a), a, b, lv, s)
            for a in range(1, self.aisles + 1)
            for b in range(1, self.blocks * self.bays_per_block + 1)
            for lv in range(1, levels + 1)
            for s in sides
        ]

    def to_toml_dict(self) -> dict[str, Any]:
        return {"layout": {
            "name": self.name, "aisles": self.aisles, "aisle_pitch_m": self.aisle_pitch_m,
            "blocks": self.blocks, "bays_per_block": self.bays_per_block, "bay_width_m": self.bay_width_m,
            "cross_aisle_m": self.cross_aisle_m, "depot_aisle": self.depot_aisle,
            "zones": {zone: list(span) for zone, span in self.zones.items()},
            "location_format": self.location_format,
        }}


def _format_to_regex(fmt: str) -> re.Pattern[str]:
    """Turn the layout's str.format pattern into a regex with named groups."""
    pieces = {"zone": r"(?P<zone>[A-Za-z0-9]+?)", "aisle": r"(?P<aisle>\d+)", "bay": r"(?P<bay>\d+)",
              "level": r"(?P<level>\d+)", "side": r"(?P<side>[LR])"}
    out, pos = "", 0
    for match in re.finditer(r"\{(\w+)(?::[^}]*)?\}", fmt):
        out += re.escape(fmt[pos:match.start()])
        if match[1] not in pieces:
            raise LayoutError(f"location_format uses an unknown field {{{match[1]}}}.")
        out += pieces[match[1]]
        pos = match.end()
    return re.compile(out + re.escape(fmt[pos:]))


_REQUIRED = {"aisles": int, "aisle_pitch_m": float, "bays_per_block": int, "bay_width_m": float,
             "cross_aisle_m": float}


def layout_from_dict(data: dict[str, Any], source: str = "layout") -> Layout:
    section = data.get("layout")
    if not isinstance(section, dict):
        raise LayoutError(f"{source} has no [layout] table.")
    for key, kind in _REQUIRED.items():
        value = section.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise LayoutError(f"{source}: layout.{key} must be a positive number, not {value!r}.")
        if kind is int and not isinstance(value, int):
            raise LayoutError(f"{source}: layout.{key} must be a whole number, not {value!r}.")
    aisles = int(section["aisles"])
    blocks = section.get("blocks", 1)
    depot = section.get("depot_aisle", 1)
    if not isinstance(blocks, int) or blocks < 1:
        raise LayoutError(f"{source}: layout.blocks must be 1 or more, not {blocks!r}.")
    if not isinstance(depot, int) or not 1 <= depot <= aisles:
        raise LayoutError(f"{source}: layout.depot_aisle must be an aisle between 1 and {aisles}.")
    raw_zones = section.get("zones", {"A": [1, aisles]})
    zones: dict[str, tuple[int, int]] = {}
    if not isinstance(raw_zones, dict):
        raise LayoutError(f"{source}: layout.zones must map a zone to [first, last] aisle.")
    for zone, span in raw_zones.items():
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span)
                and 1 <= span[0] <= span[1] <= aisles):
            raise LayoutError(f"{source}: zone {zone} must be [first, last] aisles within 1..{aisles}.")
        zones[str(zone)] = (span[0], span[1])
    return Layout(
        name=str(section.get("name", "layout")), aisles=aisles,
        aisle_pitch_m=float(section["aisle_pitch_m"]), blocks=blocks,
        bays_per_block=int(section["bays_per_block"]), bay_width_m=float(section["bay_width_m"]),
        cross_aisle_m=float(section["cross_aisle_m"]), depot_aisle=depot, zones=zones,
        location_format=str(section.get("location_format", Layout.location_format)),
    )


def parse_layout(text: str, source: str = "layout") -> Layout:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{source} is not valid TOML: {exc}.") from exc
    return layout_from_dict(data, source)


def load_layout(path: Path) -> Layout:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError(f"The layout file {path} cannot be read: {exc.strerror or exc}.") from exc
    return parse_layout(text, str(path))
