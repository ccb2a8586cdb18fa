"""Courier flows: deposit a parcel (smallest fitting compartment, another one on trouble) and collect.

`deposit` blocks from the scan until the door is closed again. While the door is open the courier
may report "too small" (the next size up opens after it closes) or "not empty" (the compartment is
faulted, another one of the same size opens); a door that does not open is faulted by the journal
op and another compartment opens."""

from __future__ import annotations

from typing import Any

from terminal.lockers.compartments import Compartment, allocate, compartment
from terminal.lockers.expiry import collection_list, expire_due, hold_until
from terminal.lockers.kiosk import FlowResult, LockerKiosk, LockerRefused
from terminal.lockers.ops import announcement
from terminal.lockers.site import SIZES


def find_for_deposit(k: LockerKiosk, tracking_number: str) -> Any:
    parcel = k.db.execute("SELECT * FROM parcels WHERE tracking_number = ?", (tracking_number.strip(),)).fetchone()
    if parcel is None:
        raise LockerRefused("unknown_parcel", f"Parcel {tracking_number.strip()} is not announced for this locker; "
                            "keep it and report it to your depot.")
    if parcel["site_id"] != k.site_id:
        raise LockerRefused("wrong_site", f"Parcel {parcel['tracking_number']} is addressed to another locker.")
    if parcel["kind"] != "delivery":
        raise LockerRefused("is_return", f"Parcel {parcel['tracking_number']} is a return, not a delivery.")
    if parcel["status"] != "announced":
        raise LockerRefused("not_announced", f"Parcel {parcel['tracking_number']} is already {parcel['status']};"
                            " it cannot be deposited again.")
    return parcel


def place(k: LockerKiosk, parcel: Any, purpose: str, user_id: str | None, *, accessible: bool) -> FlowResult:
    """Open compartments until the parcel is inside one, or nothing fits; blocks while doors are open."""
    min_size: str | None = parcel["size_class"] or SIZES[0]
    excluded: set[str] = set()
    offline: set[int] = set()
    for _attempt in range(k.max_attempts):
        if min_size is None:
            break
        comp = allocate(k.db, k.site_id, min_size, accessible=accessible, exclude=excluded, offline_boards=offline,
                        accessible_max_row=k.settings.get("lockers.accessible_max_row", 3))
        if comp is None:
            break
        excluded.add(comp.id)
        opening = k.doors.open(comp, purpose, parcel_id=parcel["id"], user_id=user_id)
        if opening.outcome == "offline":
            offline.add(comp.board_no)
            continue
        if opening.outcome == "already_open":
            k.apply("CompartmentFaulted", {"compartment_id": comp.id, "reason": "door_open_unexpectedly",
                                           "user_id": user_id})
            continue
        if opening.outcome == "not_sent":
            raise LockerRefused("board_unreachable", "The lock boards cannot be reached; call support.")
        if opening.outcome != "opened":
            continue                                  # faulted by the journal op; try another one
        door = k.doors.wait_closed(opening)
        if door is None:
            return FlowResult(False, "stopped", "The kiosk stopped while the door was open.", comp, parcel["id"])
        journal = {"journal_id": opening.journal_id}
        if opening.problem == "too_small":
            k.apply("DoorClosed", {**journal, "note": "too small"})
            min_size = SIZES[comp.rank + 1] if comp.rank + 1 < len(SIZES) else None
            continue
        if opening.problem == "not_empty":
            k.apply("CompartmentFaulted", {**journal, "compartment_id": comp.id, "reason": "not_empty",
                                           "user_id": user_id})
            continue
        if comp.has_infrared and door.occupied is False:
            k.apply("DoorClosed", {**journal, "note": "closed empty"})
            return FlowResult(False, "not_inside", f"Compartment {comp.number} was closed empty; "
                              "scan the parcel again.", comp, parcel["id"], (str(comp.number),))
        if purpose == "deposit":
            k.apply("ParcelDeposited", {**journal, "parcel_id": parcel["id"], "compartment_id": comp.id,
                                        "courier_id": user_id, "expires_at": hold_until(k.clock, k.settings),
                                        "parcel": announcement(parcel)})
            return FlowResult(True, "deposited", f"Parcel {parcel['tracking_number']} is in compartment "
                              f"{comp.number}.", comp, parcel["id"], (parcel["tracking_number"], str(comp.number)))
        k.apply("ReturnDropped", {**journal, "parcel_id": parcel["id"], "compartment_id": comp.id,
                                  "parcel": announcement(parcel)})
        return FlowResult(True, "returned", f"Your return is in compartment {comp.number}. Thank you.",
                          comp, parcel["id"])
    raise LockerRefused("no_compartment", "No free compartment fits this parcel; take it back and report it.")


def deposit(k: LockerKiosk, courier_id: str, tracking_number: str, *, accessible: bool = False) -> FlowResult:
    return place(k, find_for_deposit(k, tracking_number), "deposit", courier_id, accessible=accessible)


def to_collect(k: LockerKiosk) -> list[dict[str, object]]:
    expire_due(k.db, k.site_id, k.clock)
    return collection_list(k.db, k.site_id)


def hand_out(k: LockerKiosk, parcel: Any, purpose: str, user_id: str | None, *,
             despite_fault: bool = False) -> FlowResult:
    """Open the parcel's compartment; the parcel counts as taken once the door closes (and, with
    infrared, the compartment shows empty). `despite_fault`: a verified remote open (remote.py) opens
    a faulted compartment too — a stuck door is why support was called."""
    comp: Compartment | None = compartment(k.db, parcel["compartment_id"])
    if comp is None:
        raise LockerRefused("not_in_locker", "This parcel is not in a compartment here.")
    if comp.state in ("FAULT", "OUT_OF_SERVICE") and not despite_fault:
        raise LockerRefused("compartment_fault", f"Compartment {comp.number} is out of order; support has been told.")
    opening = k.doors.open(comp, purpose, parcel_id=parcel["id"], user_id=user_id)
    if opening.outcome == "offline":
        raise LockerRefused("board_offline", f"Compartment {comp.number} cannot be opened right now; "
                            "try again in a minute or call support.")
    if opening.outcome == "already_open":
        k.apply("CompartmentFaulted", {"compartment_id": comp.id, "reason": "door_open_unexpectedly",
                                       "user_id": user_id})
        raise LockerRefused("door_fault", f"Compartment {comp.number} is not closed as it should be; "
                            "support has been told.")
    if opening.outcome == "not_sent":
        raise LockerRefused("board_unreachable", "The lock boards cannot be reached; call support.")
    if opening.outcome != "opened":
        raise LockerRefused("door_did_not_open", f"Compartment {comp.number} did not open; support has been "
                            "told and your parcel stays safe inside.")
    door = k.doors.wait_closed(opening)
    if door is None:
        return FlowResult(False, "stopped", "The kiosk stopped while the door was open.", comp, parcel["id"])
    if comp.has_infrared and door.occupied:
        k.apply("DoorClosed", {"journal_id": opening.journal_id, "note": "closed with the parcel still inside"})
        return FlowResult(False, "still_inside", f"The parcel is still in compartment {comp.number}; "
                          "use your code again to open it.", comp, parcel["id"])
    if purpose == "pickup":
        k.apply("ParcelPickedUp", {"journal_id": opening.journal_id, "parcel_id": parcel["id"]})
        return FlowResult(True, "picked_up", "Enjoy your parcel!", comp, parcel["id"])
    k.apply("ParcelCollected", {"journal_id": opening.journal_id, "parcel_id": parcel["id"],
                                "courier_id": user_id})
    return FlowResult(True, "collected", f"Parcel {parcel['tracking_number']} collected from compartment "
                      f"{comp.number}.", comp, parcel["id"], (parcel["tracking_number"], str(comp.number)))


def collect(k: LockerKiosk, courier_id: str, parcel_id: str) -> FlowResult:
    parcel = k.db.execute("SELECT * FROM parcels WHERE id = ? AND site_id = ?", (parcel_id, k.site_id)).fetchone()
    if parcel is None or not (parcel["status"] == "expired"
                              or (parcel["kind"] == "return" and parcel["status"] == "deposited")):
        raise LockerRefused("not_to_collect", "That parcel is not waiting to be collected.")
    return hand_out(k, parcel, "collect", courier_id)
