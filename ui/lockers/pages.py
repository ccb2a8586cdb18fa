"""Register the locker kiosk pages with the kiosk window."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.lockers.courier import CourierPage
from ui.lockers.recipient import PickupPage, ReturnsPage
from ui.lockers.technician import TechnicianPage
from ui.pages import PageSpec, register_page

register_page(
    PageSpec(
        window="kiosk",
        key="lockers.pickup",
        title=QT_TRANSLATE_NOOP("pages", "Collect a parcel"),
        factory=PickupPage,
        roles=(),
        order=10,
    )
)
register_page(
    PageSpec(
        window="kiosk",
        key="lockers.returns",
        title=QT_TRANSLATE_NOOP("pages", "Send a return"),
        factory=ReturnsPage,
        roles=(),
        order=20,
    )
)
register_page(
    PageSpec(
        window="kiosk",
        key="lockers.courier",
        title=QT_TRANSLATE_NOOP("pages", "Courier"),
        factory=CourierPage,
        roles=("courier",),
        order=30,
    )
)
register_page(
    PageSpec(
        window="kiosk",
        key="lockers.technician",
        title=QT_TRANSLATE_NOOP("pages", "Technician"),
        factory=TechnicianPage,
        roles=("technician",),
        order=40,
    )
)
