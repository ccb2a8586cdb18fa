"""Order codes a person reads in words: the delivery service (NEXT_DAY → "Next day") and method."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

SERVICES = {
    "EXPRESS_SAME_DAY": QT_TRANSLATE_NOOP("OrderWords", "Express same day"),
    "NEXT_DAY": QT_TRANSLATE_NOOP("OrderWords", "Next day"),
    "STANDARD": QT_TRANSLATE_NOOP("OrderWords", "Standard"),
}


def service_name(code: str) -> str:
    """The service in the reader's language; an unknown code as the shop sent it."""
    return QCoreApplication.translate("OrderWords", SERVICES[code]) if code in SERVICES else code
