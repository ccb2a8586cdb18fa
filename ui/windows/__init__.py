"""The three role windows and the chooser; `make_window(role, ctx)` builds one."""

from __future__ import annotations

from ui.context import AppContext
from ui.windows.base import RoleWindow

ROLES = ("station", "kiosk", "supervisor")


def window_class(role: str) -> type[RoleWindow]:
    from ui.windows.kiosk import KioskWindow
    from ui.windows.station import StationWindow
    from ui.windows.supervisor import SupervisorWindow

    classes: dict[str, type[RoleWindow]] = {
        "station": StationWindow, "kiosk": KioskWindow, "supervisor": SupervisorWindow}
    return classes[role]


def make_window(role: str, ctx: AppContext) -> RoleWindow:
    """A new, not yet shown, window for `role` (station | kiosk | supervisor).

    Station and kiosk windows get every configured scanner (keyboard wedge, serial, camera)."""
    window = window_class(role)(ctx)
    if role in ("station", "kiosk"):
        from ui.scanning.attach import attach_scanners

        window.scanners = attach_scanners(window, ctx.settings)  # type: ignore[attr-defined]
    return window
