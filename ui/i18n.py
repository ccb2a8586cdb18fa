"""The language switch: install the Polish translator (or none for English) on the running app.

English is the source language. Translations live in resources/translations/handoff_<lang>.ts; `make`
compiles them to .qm. When a .qm has not been built (a fresh checkout run without make), the .ts is
read directly so the app is never silently English. Installing a translator makes Qt send
LanguageChange to every widget; widgets retranslate in `changeEvent` (see ui.widgets.retranslate)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

from terminal.errors import ConfigError

LANGUAGES = ("pl", "en")
SOURCE_LANGUAGE = "en"


class TsTranslator(QTranslator):
    """A translator read straight from a .ts file; used only when the .qm is missing."""

    def __init__(self, text: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: dict[tuple[str, str], str] = {}
        for context in ET.fromstring(text).iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                value = translation.text or ""
                if message.get("numerus") == "yes":
                    forms = [f.text or "" for f in translation.iter("numerusform")]
                    value = forms[0] if forms else ""
                if value:
                    self._messages[(name, message.findtext("source") or "")] = value

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        found = self._messages.get((context, source), "")
        return found.replace("%n", str(n)) if found and n >= 0 else found

    def isEmpty(self) -> bool:
        return not self._messages


def load_translator(language: str) -> QTranslator | None:
    """The translator for `language` (None for English, the source language)."""
    if language not in LANGUAGES:
        raise ConfigError(f"Language {language!r} is not available; use one of: {', '.join(LANGUAGES)}.")
    if language == SOURCE_LANGUAGE:
        return None
    folder = resources.files("resources.translations")
    compiled = folder / f"handoff_{language}.qm"
    if compiled.is_file():
        translator = QTranslator()
        with resources.as_file(compiled) as path:
            if translator.load(str(path)):
                return translator
    source = folder / f"handoff_{language}.ts"
    if source.is_file():
        return TsTranslator(source.read_bytes())
    raise ConfigError(f"The {language} translation is missing from resources/translations; reinstall Handoff.")


class LanguageSwitch(QObject):
    """Holds the installed translator; `set_language` retranslates every visible window."""

    sig_language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None

    def set_language(self, language: str) -> None:
        translator = load_translator(language)
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
        self._translator = translator
        if translator is not None:
            QCoreApplication.installTranslator(translator)
        self.language = language
        QLocale.setDefault(QLocale(QLocale.Language.Polish if language == "pl" else QLocale.Language.English))
        self.sig_language_changed.emit(language)

    def toggle(self) -> str:
        """Switch PL ⇄ EN; returns the new language."""
        self.set_language("en" if self.language == "pl" else "pl")
        return self.language


_SWITCH: LanguageSwitch | None = None


def language_switch() -> LanguageSwitch:
    """The app's one language switch (created on first use)."""
    global _SWITCH
    if _SWITCH is None:
        _SWITCH = LanguageSwitch()
    return _SWITCH


def current_language() -> str:
    return language_switch().language
