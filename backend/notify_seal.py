"""Sealing what a notification must keep until it is sent: the recipient's phone and e-mail, the
pickup code and the QR token (issue 18 §1).

The code is made when the parcel is announced but the recipient is told at deposit, hours or days
later, so it has to wait somewhere. It waits encrypted (Fernet: AES-128-CBC + HMAC-SHA256) under a
key that lives in a file beside the backend (`serve --notification-key-file`, mode 0600), never in
the store: a copy of the database alone opens no locker. The sealed contact is deleted when the
parcel leaves the locker (backend/delivery.py)."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken


class KeyFileError(ValueError):
    """The key file cannot be used; the sentence says why."""


class SealBroken(ValueError):
    """A sealed contact that this key cannot open (another key, or damaged)."""


@dataclass(frozen=True)
class Contact:
    phone: str
    email: str | None
    code: str
    token: str
    language: str | None = None


def load_or_make_key(path: Path) -> bytes:
    """The Fernet key in `path`; a missing file is made with a new key, readable by its owner only.
    A file others may read is refused: it opens every sealed pickup code."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(Fernet.generate_key() + b"\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(f"The notification key file {path} may be read by others (mode {mode:o}); "
                           f"chmod 600 it.")
    key = path.read_bytes().strip()
    try:
        Fernet(key)
    except ValueError:
        raise KeyFileError(f"The notification key file {path} does not hold a Fernet key "
                           f"(32 url-safe base64 bytes).") from None
    return key


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, contact: Contact) -> str:
        return self._fernet.encrypt(json.dumps(asdict(contact)).encode()).decode("ascii")

    def open(self, sealed: str) -> Contact:
        try:
            return Contact(**json.loads(self._fernet.decrypt(sealed.encode("ascii"))))
        except (InvalidToken, ValueError, TypeError):
            raise SealBroken("The sealed contact cannot be opened with this notification key.") from None
