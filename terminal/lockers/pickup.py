"""Recipient pickup: phone number + 6-digit code, or a QR token. Codes are compared as HMACs only.

Wrong codes are counted (`KeypadCodeEntered`); after `lockers.lockout_after` (3) in a row the keypad
pauses, longer each time (keypad.py). Malformed input (wrong length) is refused without counting."""

from __future__ import annotations

import re
from typing import Any

from terminal.lockers import codes
from terminal.lockers.deposit import hand_out
from terminal.lockers.expiry import deadline_text, expire_due
from terminal.lockers.keypad import lockout_seconds, tries_left
from terminal.lockers.kiosk import FlowResult, LockerKiosk, LockerRefused


def check_keypad(k: LockerKiosk) -> None:
    wait = lockout_seconds(k.db, k.site_id, k.clock.now(), k.settings.get("lockers.lockout_after", 3))
    if wait > 0:
        raise LockerRefused("locked", f"Too many wrong codes. Try again in {int(wait + 0.999)} seconds.")


def _wrong(k: LockerKiosk, how: str, message: str) -> LockerRefused:
    k.apply("KeypadCodeEntered", {"site_id": k.site_id, "ok": False, "how": how})
    left = tries_left(k.db, k.site_id, k.settings.get("lockers.lockout_after", 3))
    tail = f" {left} more tries before a pause." if left else " The keypad now pauses for a while."
    return LockerRefused("wrong_code", message + tail)


def _expired(k: LockerKiosk, parcel: Any) -> LockerRefused:
    """The recipient is told when the pickup time ended (the screen words it: ui/lockers/messages.py)."""
    deadline = deadline_text(k.db, parcel)
    ended = f" (its pickup time ended {deadline})" if deadline else ""
    return LockerRefused("expired", f"This parcel waited too long{ended} and goes back to the sender; "
                                    "contact the shop.")


def validate_code(phone: str, code: str) -> None:
    if len(codes.normalise_phone(phone)) != 9:
        raise LockerRefused("bad_phone", "Enter the 9-digit phone number the parcel was sent to.")
    if not re.fullmatch(r"\d{6}", code.strip()):
        raise LockerRefused("bad_code", "A pickup code has exactly 6 digits.")


def pickup_by_code(k: LockerKiosk, phone: str, code: str) -> FlowResult:
    validate_code(phone, code)
    check_keypad(k)
    expire_due(k.db, k.site_id, k.clock)          # past its hold time it is the courier's, not the recipient's
    parcel = k.db.execute("SELECT * FROM parcels WHERE site_id = ? AND code_hmac = ? AND status IN"
                          " ('deposited', 'expired') AND kind = 'delivery'",
                          (k.site_id, codes.code_hmac(k.key, phone, code))).fetchone()
    if parcel is None:
        raise _wrong(k, "code", "That phone number and code do not match a parcel here.")
    k.apply("KeypadCodeEntered", {"site_id": k.site_id, "ok": True, "how": "code"})
    if parcel["status"] == "expired":
        raise _expired(k, parcel)
    return hand_out(k, parcel, "pickup", None)


def pickup_by_token(k: LockerKiosk, token: str) -> FlowResult:
    token = token.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        raise LockerRefused("not_ours", "This QR code is not a pickup code for this locker.")
    check_keypad(k)
    expire_due(k.db, k.site_id, k.clock)
    parcel = k.db.execute("SELECT * FROM parcels WHERE site_id = ? AND qr_hmac = ? AND status IN"
                          " ('deposited', 'expired') AND kind = 'delivery'",
                          (k.site_id, codes.token_hmac(k.key, token))).fetchone()
    if parcel is None:
        raise _wrong(k, "qr", "This QR code does not match a parcel in this locker.")
    k.apply("KeypadCodeEntered", {"site_id": k.site_id, "ok": True, "how": "qr"})
    if parcel["status"] == "expired":
        raise _expired(k, parcel)
    return hand_out(k, parcel, "pickup", None)
