"""A TrueType font pair with Polish letters for every PDF a person gets (reportlab's Helvetica has no
ł, ś, ż). DejaVu Sans ships in resources/fonts (Bitstream Vera licence, DejaVu-LICENSE.txt there), so
a machine without fonts installed still prints "Zielińska"; a system DejaVu or Arial is the fallback."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

SYSTEM = (("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
          ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
          ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"))


def candidates() -> list[tuple[str, str]]:
    shipped = resources.files("resources.fonts")
    return [(str(shipped / "DejaVuSans.ttf"), str(shipped / "DejaVuSans-Bold.ttf")), *SYSTEM]


@cache
def unicode_font() -> tuple[str, str]:
    """(regular, bold) font names registered with reportlab; Helvetica only when no font file is usable."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in candidates():
        if Path(regular).exists() and Path(bold).exists():
            try:
                pdfmetrics.registerFont(TTFont("ManifestSans", regular))
                pdfmetrics.registerFont(TTFont("ManifestSans-Bold", bold))
                return "ManifestSans", "ManifestSans-Bold"
            except Exception:  # a broken font file: fall back rather than fail the list
                continue
    return "Helvetica", "Helvetica-Bold"
