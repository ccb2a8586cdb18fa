"""A locker driven through its real ops on a FixedClock, for the locker KPI tests: compartments come
from `install_site` (as `handoff` installs a site), announcements from `store_announced_parcel`
(as they arrive by sync), and every deposit, pickup, collection, expiry and service change is the
named op the kiosk and technician apply."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from terminal.clock import FixedClock, iso
from terminal.lockers.site import install_site, store_announced_parcel
from terminal.ops import apply_op
from terminal.sync.pull import apply_change

KEY = b"k" * 32


def comp(n: int) -> str:
    """Compartment n (1–16) of board 0 of site LK."""
    return f"LK-b0-l{n:02d}"


class Locker:
    def __init__(self, db: sqlite_utils.Database, clock: FixedClock, boards: int = 1) -> None:
        self.db, self.clock = db, clock
        install_site(db, "LK", boards=boards)
        for entity, data in (("site", {"id": "LK", "name": "Locker", "kind": "locker", "timezone": "UTC"}),
                             ("user", {"id": "c1", "name": "C1", "roles": "courier"})):
            apply_change(db, {"entity": entity, "key": str(data["id"]), "op": "upsert", "data": data})
        db.conn.commit()
        self._n = 0

    def announce(self, kind: str = "delivery") -> str:
        """A parcel announced (as the announcement arrives by sync), not deposited."""
        self._n += 1
        return store_announced_parcel(self.db, KEY, "LK", f"TRK{self._n:05d}", phone="600100200", kind=kind,
                                      announced_at=iso(self.clock.now())).parcel_id

    def op(self, when: datetime, name: str, args: dict[str, object]) -> None:
        self.clock.set(when)
        apply_op(self.db, name, args, clock=self.clock)

    def deposit(self, when: datetime, compartment: str, *, kind: str = "delivery",
                expires: datetime | None = None) -> str:
        self.clock.set(when)
        parcel = self.announce(kind)
        if kind == "return":
            self.op(when, "ReturnDropped", {"parcel_id": parcel, "compartment_id": compartment})
        else:
            self.op(when, "ParcelDeposited", {"parcel_id": parcel, "compartment_id": compartment, "courier_id": "c1",
                                              "expires_at": iso(expires) if expires else None})
        return parcel

    def picked_up(self, when: datetime, parcel: str) -> None:
        self.op(when, "ParcelPickedUp", {"parcel_id": parcel})

    def collected(self, when: datetime, parcel: str) -> None:
        self.op(when, "ParcelCollected", {"parcel_id": parcel, "courier_id": "c1"})

    def expired(self, when: datetime, parcel: str) -> None:
        self.op(when, "ParcelExpired", {"parcel_id": parcel})

    def out_of_service(self, when: datetime, compartment: str) -> None:
        self.op(when, "CompartmentOutOfService", {"compartment_id": compartment})

    def back_in_service(self, when: datetime, compartment: str) -> None:
        self.op(when, "CompartmentBackInService", {"compartment_id": compartment})

    def faulted(self, when: datetime, compartment: str, reason: str = "not_empty") -> None:
        self.op(when, "CompartmentFaulted", {"compartment_id": compartment, "reason": reason})
