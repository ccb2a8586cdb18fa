"""Sender returns: a return code opens a fitting compartment; couriers collect returns later."""

from __future__ import annotations

import re

from terminal.lockers import codes
from terminal.lockers.deposit import place
from terminal.lockers.kiosk import FlowResult, LockerKiosk, LockerRefused
from terminal.lockers.pickup import _wrong, check_keypad


def drop_return(k: LockerKiosk, return_code: str, *, accessible: bool = False) -> FlowResult:
    code = return_code.strip()
    if not re.fullmatch(r"\d{6}", code):
        raise LockerRefused("bad_code", "A return code has exactly 6 digits.")
    check_keypad(k)
    parcel = k.db.execute("SELECT * FROM parcels WHERE site_id = ? AND kind = 'return' AND return_code_hmac = ?",
                          (k.site_id, codes.return_code_hmac(k.key, code))).fetchone()
    if parcel is None:
        raise _wrong(k, "return", "That return code is not known at this locker.")
    if parcel["status"] != "announced":
        raise LockerRefused("used", "This return code has already been used.")
    k.apply("KeypadCodeEntered", {"site_id": k.site_id, "ok": True, "how": "return"})
    return place(k, parcel, "return", None, accessible=accessible)
