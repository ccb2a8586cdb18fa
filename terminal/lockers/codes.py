"""Pickup codes, QR tokens and return codes are kept only as HMACs; the site key lives outside the db.

The key file is the setting `lockers.site_key_file`, by default `<database file>.sitekey` beside the
database (put it elsewhere in production, e.g. on a separate volume). The backend holds the same
per-site key and sends it to a terminal when it enrols, so both sides compute the same HMACs."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from terminal.config import Settings
from terminal.errors import HandoffError

TOKEN_BYTES = 16   # QR tokens carry 128 bits
CODE_DIGITS = 6


def key_path(settings: Settings, db_path: Path) -> Path:
    configured = settings.get("lockers.site_key_file", "")
    return Path(configured) if configured else Path(str(db_path) + ".sitekey")


def load_site_key(path: Path, *, create: bool = False) -> bytes:
    """Read the site key; with `create`, make a new random one (mode 0600) when there is none."""
    if path.exists():
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < 16:
            raise HandoffError(f"The site key in {path} is too short; restore it or enrol the terminal again.")
        return key
    if not create:
        raise HandoffError(f"There is no site key at {path}; enrol this terminal or restore the key file.")
    key = secrets.token_bytes(32)
    save_site_key(path, key)
    return key


def save_site_key(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex())


def normalise_phone(phone: str) -> str:
    """Digits only, the last 9 (a Polish number without +48), so '+48 600-100-200' == '600100200'."""
    digits = re.sub(r"\D", "", phone)
    return digits[-9:]


def _hmac(key: bytes, purpose: str, text: str) -> str:
    return hmac.new(key, f"{purpose}:{text}".encode(), hashlib.sha256).hexdigest()


def code_hmac(key: bytes, phone: str, code: str) -> str:
    return _hmac(key, "pickup", f"{normalise_phone(phone)}:{code.strip()}")


def phone_hmac(key: bytes, phone: str) -> str:
    return _hmac(key, "phone", normalise_phone(phone))


def token_hmac(key: bytes, token: str) -> str:
    return _hmac(key, "qr", token.strip())


def return_code_hmac(key: bytes, code: str) -> str:
    return _hmac(key, "return", code.strip())


def new_pickup_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_qr_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def matches(expected_hmac: str | None, actual_hmac: str) -> bool:
    return expected_hmac is not None and hmac.compare_digest(expected_hmac, actual_hmac)
