"""A TrueType font pair with Polish letters for the handover PDF (reportlab's Helvetica has no ł, ś, ż)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CANDIDATES = (("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
              ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
              ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"))


@cache
def unicode_font() -> tuple[str, str]:
    """(regular, bold) font names registered with reportlab; Helvetica when no system font is found."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            try:
                pdfmetrics.registerFont(TTFont("ManifestSans", regular))
                pdfmetrics.registerFont(TTFont("ManifestSans-Bold", bold))
                return "ManifestSans", "ManifestSans-Bold"
            except Exception:  # a broken font file: fall back rather than fail the list
                continue
    return "Helvetica", "Helvetica-Bold"
