"""The pack-station / picker-cart window: scanner first, keyboard-only, big type."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.windows.base import RoleWindow


class StationWindow(RoleWindow):
    """Pickers and packers log in with a badge; F1..F8 switch pages, F9 language, F12 log out."""

    kind = "station"
    login_roles = ("picker", "packer", "stocker", "supervisor", "technician")
    site_kind = "warehouse"
    title_text = QT_TRANSLATE_NOOP("RoleWindow", "Pack station")
    # The scan error rate (DESIGN §8) is a warehouse KPI; a public kiosk keeps strangers' scans to itself.
    records_scans = True

    def title_source(self) -> str:
        # The same window rides on a picker's cart: say so, rather than "Pack station", while a picker works.
        if self.user is not None and self.role == "picker":
            return QT_TRANSLATE_NOOP("RoleWindow", "Picker cart")
        return self.title_text

    def who_logs_in(self) -> str:
        return QT_TRANSLATE_NOOP("LoginPanel", "Pickers and packers log in here.")
