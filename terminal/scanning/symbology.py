"""AIM symbology identifiers (ISO/IEC 15424): the `]Cm` prefix a scanner can put before the data.

Scanners configured to send them tell us what kind of barcode was read; the GS1 variants
(`]C1` GS1-128, `]e0` GS1 DataBar, `]d2` GS1 DataMatrix, `]Q3` GS1 QR, `]J1` GS1 DotCode) mean the
data is a GS1 element string with FNC1 transmitted as GS (0x1D)."""

from __future__ import annotations

import re

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# The symbology letter (case-sensitive) → a name a person recognises.
_NAMES = {
    "A": "Code 39", "C": "Code 128", "d": "DataMatrix", "E": "EAN/UPC", "e": "GS1 DataBar",
    "F": "Codabar", "G": "Code 93", "I": "ITF", "L": "PDF417", "Q": "QR Code", "z": "Aztec",
    "J": "DotCode", "X": "other",
}
GS1_SYMBOLOGIES = frozenset({"]C1", "]e0", "]e1", "]e2", "]d2", "]Q3", "]Q5", "]J1", "]z4", "]z5", "]z6"})
EAN_SYMBOLOGIES = frozenset({"]E0", "]E1", "]E2", "]E3", "]E4"})


def split_aim(text: str) -> tuple[str, str]:
    """(symbology identifier or "", the data after it)."""
    if len(text) >= 3 and _AIM.match(text):
        return text[:3], text[3:]
    return "", text


def is_gs1(symbology: str) -> bool:
    return symbology in GS1_SYMBOLOGIES


def symbology_name(symbology: str) -> str:
    """'GS1-128' for ]C1, 'Code 128' for ]C0, '' when unknown."""
    if not symbology:
        return ""
    special = {"]C1": "GS1-128", "]d2": "GS1 DataMatrix", "]Q3": "GS1 QR Code", "]E4": "EAN-8", "]E0": "EAN-13/UPC-A"}
    return special.get(symbology) or _NAMES.get(symbology[1], "")
