"""The supervisor window: logs in with a supervisor badge and hosts the statistics pages."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.windows.base import RoleWindow


class SupervisorWindow(RoleWindow):
    """Only supervisors log in; with no statistics pages installed it says so plainly."""

    kind = "supervisor"
    login_roles = ("supervisor",)
    site_kind = "warehouse"
    title_text = QT_TRANSLATE_NOOP("RoleWindow", "Supervisor")
    show_history = False    # a supervisor scans a badge now and then; the dashboard needs the room
    footer_height = 80

    def who_logs_in(self) -> str:
        return QT_TRANSLATE_NOOP("LoginPanel", "Supervisors log in here.")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.no_pages.setText(self.tr("No supervisor pages are installed yet; the shift statistics appear here "
                                      "once they are."))
