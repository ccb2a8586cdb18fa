"""The language switch: install the Polish translator (or none for English) on the running app.

English is the source language. Translations live in resources/translations/handoff_<lang>.ts; `make`
compiles them to .qm. When a .qm has not been built (`pip install` without make, a fresh checkout),
the .ts is compiled at first use with the lrelease that ships inside PySide6, into the user's cache
folder, so the app is never silently English. (A QTranslator subclass that reads the .ts itself
cannot work: PySide6 turns its "not found" answer into an empty string, and every untranslated
text — the header buttons — came up blank.) Installing a translator makes Qt send
LanguageChange to every widget; widgets retranslate in `changeEvent` (see ui.widgets.retranslate)."""

from __future__ import annotations

import hashlib
import subprocess
from importlib import resources
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from terminal.errors import ConfigError

LANGUAGES = ("pl", "en")
SOURCE_LANGUAGE = "en"


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
        translator = QTranslator()
        if translator.load(str(compile_ts(source.read_bytes(), language))):
            return translator
    raise ConfigError(f"The {language} translation is missing from resources/translations; reinstall Handoff.")


def compile_ts(text: bytes, language: str, cache: Path | None = None) -> Path:
    """The .qm for this .ts text, compiled once into the cache folder (keyed by the text's hash)."""
    from ui.i18n_build import lrelease

    folder = cache or Path(platformdirs.user_cache_dir("handoff")) / "translations"
    target = folder / f"handoff_{language}-{hashlib.sha256(text).hexdigest()[:16]}.qm"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    source = target.with_suffix(".ts")
    source.write_bytes(text)
    partial = target.with_suffix(".qm.part")
    try:
        subprocess.run([lrelease(), "-silent", str(source), "-qm", str(partial)], check=True, timeout=60,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError, SystemExit) as exc:
        raise ConfigError(f"The {language} translation could not be compiled ({exc}); reinstall Handoff.") from exc
    partial.replace(target)   # another process starting at the same moment never reads half a file
    source.unlink(missing_ok=True)
    return target


def load_qt_translator(language: str) -> QTranslator | None:
    """Qt's own translation (qtbase: the file dialog's buttons, message box buttons, context menus),
    shipped with PySide6; None for English or where a build left it out (Qt then stays English)."""
    if language == SOURCE_LANGUAGE:
        return None
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None


class LanguageSwitch(QObject):
    """Holds the installed translator; `set_language` retranslates every visible window."""

    sig_language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = SOURCE_LANGUAGE
        self._translators: list[QTranslator] = []

    def set_language(self, language: str) -> None:
        translators = [t for t in (load_translator(language), load_qt_translator(language)) if t is not None]
        for old in self._translators:
            QCoreApplication.removeTranslator(old)
        self._translators = translators
        for translator in translators:
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
