"""Pages inside the role windows, registered by the capability that owns them.

A capability adds a page with `register_page(...)` in a module under `ui/<capability>/`; the role
window imports every `ui.<pkg>.pages` module at start-up (like terminal.ops.load_operations), shows
the pages whose roles the logged-in user has, and passes each scan to the visible page first."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from terminal.people.badges import User
from terminal.scanning.types import TypedScan
from ui.context import AppContext


class Page(QWidget):
    """Base of every page. Override `handle_scan`; return True when the scan was used."""

    # True when the page applies its own ScanRecorded (with the order id) for the scans it uses; the
    # window then does not record them a second time.
    records_own_scans: bool = False

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user

    def run_task(self, fn: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[BaseException], None], description: str) -> None:
        """`fn()` on the database worker (`ctx.tasks`); `done(result)` or `failed(exc)` back on the GUI
        thread."""
        self.ctx.tasks.run(fn, done, failed, owner=self, description=description)

    def handle_scan(self, scan: TypedScan) -> bool:
        return False

    def claims_badge(self, scan: TypedScan) -> bool:
        """True when a badge scanned now is for this page (a supervisor approving something), not a
        login or logout; the window then passes it to `handle_scan`."""
        return False

    def on_shown(self) -> None:
        """Called each time the page comes to the front (refresh here, off the GUI thread)."""

    def can_leave(self) -> bool:
        """False while leaving would lose work; the window then asks before switching."""
        return True

    def retranslate(self) -> None:
        """Say every text again in the language just chosen; a page that keeps state re-renders here,
        so nothing waits for the next scan to change language."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


PageFactory = Callable[[AppContext, "User | None"], Page]


@dataclass(frozen=True)
class PageSpec:
    window: str               # "station" | "kiosk" | "supervisor"
    key: str                  # stable id, e.g. "picking"
    title: str                # English source text; the window translates it
    factory: PageFactory
    roles: tuple[str, ...]    # user roles that see it; () = everyone (kiosk public pages)
    order: int = 50


_PAGES: dict[tuple[str, str], PageSpec] = {}


def register_page(spec: PageSpec) -> None:
    _PAGES[(spec.window, spec.key)] = spec


def unregister_page(window: str, key: str) -> None:
    """Remove a page (tests register throw-away pages and clean up after themselves)."""
    _PAGES.pop((window, key), None)


def pages_for(window: str, user: User | None) -> list[PageSpec]:
    """The pages of `window` this user may see, in display order."""
    load_pages()
    specs = [s for s in _PAGES.values() if s.window == window]
    visible = [s for s in specs if not s.roles or (user is not None and any(user.has_role(r) for r in s.roles))]
    return sorted(visible, key=lambda s: (s.order, s.key))


def load_pages() -> None:
    import ui

    for module in pkgutil.iter_modules(ui.__path__):
        if module.ispkg and importlib.util.find_spec(f"ui.{module.name}.pages") is not None:
            importlib.import_module(f"ui.{module.name}.pages")
