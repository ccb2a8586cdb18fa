"""The typed values a scan becomes. Every screen works with these, never with raw text.

`classify(db, raw)` in classify.py turns raw scanner text into one of them; an unreadable or
unknown scan becomes `Unknown` with a sentence saying what was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Scan:
    raw: str                      # exactly what the scanner sent, AIM prefix and separators stripped
    symbology: str = ""           # AIM identifier such as "]C1", "]E0", "]Q3", or "" when unknown


@dataclass(frozen=True)
class LocationScan(Scan):
    code: str = ""


@dataclass(frozen=True)
class ItemScan(Scan):
    sku_code: str = ""
    gtin: str = ""                # 14 digits, "" for an internal SKU code
    units: int = 1                # units this barcode stands for (AI 30/37 count, or pack size)
    batch: str = ""
    expiry: date | None = None
    serial: str = ""
    ais: dict[str, str] = field(default_factory=dict)   # every GS1 AI read, e.g. {"01": "...", "10": "..."}


@dataclass(frozen=True)
class ToteScan(Scan):
    code: str = ""


@dataclass(frozen=True)
class OrderScan(Scan):
    order_id: str = ""
    ref: str = ""


@dataclass(frozen=True)
class ParcelScan(Scan):
    tracking_number: str = ""     # or the SSCC (18 digits) when that is what was scanned
    sscc: str = ""


@dataclass(frozen=True)
class BadgeScan(Scan):
    badge: str = ""
    user_id: str = ""


@dataclass(frozen=True)
class CompartmentScan(Scan):
    compartment_id: str = ""


@dataclass(frozen=True)
class PickupTokenScan(Scan):
    token: str = ""               # the QR token as read; checked against its HMAC by the locker flow


@dataclass(frozen=True)
class BoxTypeScan(Scan):
    box_code: str = ""


@dataclass(frozen=True)
class CommandScan(Scan):
    command: str = ""             # SHORT, NEXT, LOGOUT, CANCEL, UNDO, ... (from "CMD:SHORT")


@dataclass(frozen=True)
class Unknown(Scan):
    message: str = ""             # one sentence: what was read and why it is not usable here
    # its stable code (terminal/scanning/messages.py) and the details the sentence names, in order:
    # for a translated screen only, so the CLI's JSON stays as it was
    code: str = field(default="", metadata={"screen_only": True})
    args: tuple[str, ...] = field(default=(), metadata={"screen_only": True})


TypedScan = (LocationScan | ItemScan | ToteScan | OrderScan | ParcelScan | BadgeScan | CompartmentScan
             | PickupTokenScan | BoxTypeScan | CommandScan | Unknown)
