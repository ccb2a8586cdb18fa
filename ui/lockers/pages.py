"""Register the locker kiosk pages with the kiosk window."""

from __future__ import annotations

from ui.lockers.courier import CourierPage
from ui.lockers.recipient import PickupPage, ReturnsPage
from ui.lockers.technician import TechnicianPage
from ui.pages import PageSpec, register_page

register_page(PageSpec(window="kiosk", key="lockers.pickup", title="Collect a parcel", factory=PickupPage,
                       roles=(), order=10))
register_page(PageSpec(window="kiosk", key="lockers.returns", title="Send a return", factory=ReturnsPage,
                       roles=(), order=20))
register_page(PageSpec(window="kiosk", key="lockers.courier", title="Courier", factory=CourierPage,
                       roles=("courier",), order=30))
register_page(PageSpec(window="kiosk", key="lockers.technician", title="Technician", factory=TechnicianPage,
                       roles=("technician",), order=40))
