"""Polish ships complete for the shell's strings, and works even before `make` compiled the .qm."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from terminal.errors import ConfigError
from ui.i18n import compile_ts, load_translator

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


def test_without_a_built_qm_the_ts_is_compiled_and_untranslated_text_stays_readable(tmp_path) -> None:
    """`pip install` without make has no .qm: the header buttons came up blank (issue 15)."""
    translator = QTranslator()
    assert translator.load(str(compile_ts(ts_bytes(), "pl", cache=tmp_path)))
    assert translator.translate("RoleWindow", "Pack station") == "Stanowisko pakowania"
    # Qt's own rule: a text with no translation is answered with a null string, so the source shows
    assert not translator.translate("RoleWindow", "no such text")
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("RoleWindow", "no such text") == "no such text"
        assert QCoreApplication.translate("RoleWindow", "Pack station") == "Stanowisko pakowania"
    finally:
        app.removeTranslator(translator)
    assert compile_ts(ts_bytes(), "pl", cache=tmp_path) == compile_ts(ts_bytes(), "pl", cache=tmp_path)
    assert load_translator("en") is None
    with pytest.raises(ConfigError):
        load_translator("de")
