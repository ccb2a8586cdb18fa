"""The continuous-output ASCII stream of most bench indicators (A&D, CAS, Ohaus and their clones).

The indicator sends one line per reading, many times a second, ended by CR LF:

    ST,GS,+  1.234kg        CAS / Ohaus style: header1, header2, signed value, unit
    US,NT,-  0.012kg
    ST,+00123.45  g         A&D standard format: header1, signed value, unit
    OL,GS,+  9.999kg        overload (no usable weight)

header1: ST stable, US unstable, OL overload. header2 (optional): GS gross, NT net, TR tare.
The value may have spaces after the sign and leading zeros; units kg, g, lb, oz (case-insensitive).
Anything else on the line (power-up banners, a half line after plugging in, noise) is not a reading;
`parse_line` returns None for it and the driver counts it as garbage."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"^\s*(ST|US|OL)\s*,\s*(?:(GS|NT|TR|G|N|T)\s*,\s*)?([+-]?)\s*(\d+(?:\.\d+)?|\.\d+)\s*"
                   r"(kg|g|lb|oz)\s*$", re.IGNORECASE)
TO_GRAMS = {"kg": 1000.0, "g": 1.0, "lb": 453.59237, "oz": 28.349523125}


@dataclass(frozen=True)
class Reading:
    stable: bool
    grams: int            # rounded to the gram; 0 for an overload
    unit: str             # as the indicator sent it, lower case
    net: bool = False     # NT: a tare is active on the indicator
    overload: bool = False
    raw: str = ""


def parse_line(line: str) -> Reading | None:
    match = _LINE.match(line)
    if match is None:
        return None
    head, kind, sign, value, unit = match.groups()
    head, unit = head.upper(), unit.lower()
    if head == "OL":
        return Reading(False, 0, unit, overload=True, raw=line)
    grams = round(float(value) * TO_GRAMS[unit]) * (-1 if sign == "-" else 1)
    return Reading(head == "ST", grams, unit, net=(kind or "").upper() in ("NT", "N"), raw=line)


def format_line(grams: float, stable: bool = True, unit: str = "kg", *, net: bool = False) -> str:
    """One line as a CAS/Ohaus-style indicator sends it (the emulator uses this)."""
    value = grams / TO_GRAMS[unit]
    digits = 3 if unit == "kg" else 1 if unit in ("lb", "oz") else 0
    sign = "-" if value < 0 else "+"
    return f"{'ST' if stable else 'US'},{'NT' if net else 'GS'},{sign}{abs(value):>8.{digits}f}{unit}\r\n"
