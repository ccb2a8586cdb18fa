"""Technician work at the kiosk: board status, open any door (journalled, audited), service state."""

from __future__ import annotations

from terminal.devices.lockboard.driver import BoardStatus
from terminal.lockers.compartments import board_numbers, compartment
from terminal.lockers.doors import Opening
from terminal.lockers.kiosk import LockerKiosk, LockerRefused


def board_status(k: LockerKiosk) -> list[BoardStatus]:
    return [k.doors.read_board(n) for n in board_numbers(k.db, k.site_id)]


def open_door(k: LockerKiosk, user_id: str, compartment_id: str, *, wait: bool = True) -> Opening:
    comp = compartment(k.db, compartment_id)
    if comp is None:
        raise LockerRefused("unknown_compartment", "There is no such compartment.")
    opening = k.doors.open(comp, "technician", user_id=user_id)
    if opening.outcome == "opened" and wait and k.doors.wait_closed(opening) is not None:
        k.apply("DoorClosed", {"journal_id": opening.journal_id})
    return opening


def set_in_service(k: LockerKiosk, user_id: str, compartment_id: str, in_service: bool, reason: str = "") -> None:
    if in_service:
        comp = compartment(k.db, compartment_id)
        door = "unknown"
        if comp is not None:
            status, d = k.doors.read(comp)
            door = d.state if status.online else "unknown"
        k.apply("CompartmentBackInService", {"compartment_id": compartment_id, "user_id": user_id, "door": door})
    else:
        k.apply("CompartmentOutOfService", {"compartment_id": compartment_id, "user_id": user_id,
                                            "reason": reason or "out_of_service"})
