"""Reading the Polish translation file the way a test needs it: finished entries of one context."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib import resources


def polish(context: str) -> dict[str, str]:
    """source → finished Polish translation of one context of handoff_pl.ts."""
    root = ET.fromstring((resources.files("resources.translations") / "handoff_pl.ts").read_bytes())
    found: dict[str, str] = {}
    for ctx in root.iter("context"):
        if ctx.findtext("name") != context:
            continue
        for message in ctx.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and (translation.text or "").strip():
                found[message.findtext("source") or ""] = translation.text or ""
    return found


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\d", text))
