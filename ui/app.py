"""Start-up shared by `handoff run`, the screenshot tool, the benchmarks and the tests.

Order matters: everything that can fail with a sentence for the operator (settings, the database,
the theme file) is checked BEFORE a QApplication exists, so a bad start prints one line and exits."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from terminal.clock import Clock, SystemClock
from terminal.config import Settings, load_settings
from terminal.errors import ConfigError
from terminal.store import open_db
from ui.context import AppContext
from ui.i18n import LANGUAGES, language_switch
from ui.taskman import TaskManager

THEMES = ("light", "dark", "high-contrast")
DEFAULT_THEME = "light"
DEFAULT_LANGUAGE = "pl"


@dataclass(frozen=True)
class UiSettings:
    """The ui.* settings, checked once at start-up."""

    theme: str
    language: str

    @classmethod
    def read(cls, settings: Settings) -> UiSettings:
        theme = settings.get("ui.theme", DEFAULT_THEME)
        language = settings.get("ui.language", DEFAULT_LANGUAGE)
        if theme not in THEMES:
            raise ConfigError(f"Setting ui.theme is {theme!r}; use one of: {', '.join(THEMES)}.")
        if language not in LANGUAGES:
            raise ConfigError(f"Setting ui.language is {language!r}; use one of: {', '.join(LANGUAGES)}.")
        return cls(theme, language)


def theme_qss(name: str) -> str:
    """The style sheet text of a theme in resources/themes/."""
    if name not in THEMES:
        raise ConfigError(f"There is no theme called {name!r}; use one of: {', '.join(THEMES)}.")
    return (resources.files("resources.themes") / f"{name}.qss").read_text(encoding="utf-8")


def qt_app(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created on first use."""
    app = QApplication.instance()
    if app is None:
        from ui.pyside_none_fix import apply as guard_singletons

        guard_singletons()   # PySide6 6.12 on Python 3.11 drops None/True references; see that module
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("Handoff")
    QCoreApplication.setApplicationName("Handoff")
    return app


def apply_theme(name: str) -> None:
    qt_app().setStyleSheet(theme_qss(name))


def warm_up(db: sqlite_utils.Database | None = None) -> None:
    """Import on the GUI thread what the database worker will need, so the worker's first task does
    not import half the core while holding the import lock (the first scan would stall on it)."""
    from terminal.ops import load_operations
    from terminal.scanning.classify import classify

    load_operations()
    if db is not None:   # one GS1 scan walks the classifier's lazy paths (biip) on this thread
        classify(db, "]C1010950110153000310ABC")


def make_context(db_path: Path, *, settings: Settings | None = None, clock: Clock | None = None,
                 demo: bool = False, synchronous: bool = False) -> AppContext:
    """Open the database (raises StoreError with a sentence) and build the context windows share."""
    settings = settings if settings is not None else load_settings()
    db = open_db(db_path)
    warm_up(db)
    return AppContext(db_path=Path(db_path), db=db, settings=settings, clock=clock or SystemClock(),
                      tasks=TaskManager(synchronous=synchronous), demo=demo)


def start(db_path: Path, *, settings: Settings | None = None, clock: Clock | None = None, demo: bool = False,
          synchronous: bool = False, argv: list[str] | None = None) -> tuple[QApplication, AppContext]:
    """Check settings and database, then create the app with its language and theme."""
    settings = settings if settings is not None else load_settings()
    ui = UiSettings.read(settings)
    qss = theme_qss(ui.theme)
    if QApplication.instance() is None:
        from ui.display_check import check_display

        check_display()   # Qt's X11 plugin would abort with a core dump where it cannot open a window
    ctx = make_context(db_path, settings=settings, clock=clock, demo=demo, synchronous=synchronous)
    app = qt_app(argv)
    language_switch().set_language(ui.language)
    app.setStyleSheet(qss)
    app.aboutToQuit.connect(lambda: shutdown(ctx))
    return app, ctx


def shutdown(ctx: AppContext) -> None:
    """End open sessions, let the database worker finish its queue, then close the database."""
    from ui.windows.base import RoleWindow

    app = QApplication.instance()
    if isinstance(app, QApplication) and not ctx.tasks.closed:
        for widget in app.topLevelWidgets():   # Ctrl+C or a session end: log people out (UserLoggedOut)
            if isinstance(widget, RoleWindow) and widget.ctx is ctx and widget.user is not None:
                widget.logout(force=True)
    ctx.tasks.shutdown(wait=True)
    if ctx.changes is not None:
        ctx.changes.close()
    ctx.db.close()
