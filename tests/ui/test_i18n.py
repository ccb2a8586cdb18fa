"""Polish ships complete for the shell's strings, and works even before `make` compiled the .qm."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from terminal.errors import ConfigError
from ui.i18n import TsTranslator, load_translator

SHELL_CONTEXTS = {"RoleWindow", "KioskWindow", "SupervisorWindow", "LoginPanel", "RoleChooser", "HandoffStatusBar",
                  "ScanHistory", "Keypad", "roles"}


def ts_bytes() -> bytes:
    return (resources.files("resources.translations") / "handoff_pl.ts").read_bytes()


def test_every_shell_string_has_a_polish_translation() -> None:
    seen = set()
    for context in ET.fromstring(ts_bytes()).iter("context"):
        name = context.findtext("name")
        if name not in SHELL_CONTEXTS:
            continue
        seen.add(name)
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None and translation.get("type") is None, message.findtext("source")
            assert (translation.text or "").strip(), message.findtext("source")
    assert seen == SHELL_CONTEXTS


def test_the_ts_fallback_translates() -> None:
    translator = TsTranslator(ts_bytes())
    assert translator.translate("RoleWindow", "Pack station") == "Stanowisko pakowania"
    assert translator.translate("RoleWindow", "no such text") == ""
    assert load_translator("en") is None
    with pytest.raises(ConfigError):
        load_translator("de")
