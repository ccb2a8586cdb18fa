"""Raw scanner text → one typed scan value. Never raises: what cannot be used becomes `Unknown`.

Order of checks (cheapest and most specific first; every database lookup is by primary key or a
unique index, so a scan costs a handful of B-tree probes even on a 50k-order database):

1. clean up: bytes decoded, terminators and spaces trimmed, the AIM identifier (`]C1`, `]E0`, …)
   split off, length limited;
2. patterns without the database: command barcodes (`CMD:SHORT`), pickup QR tokens (`HQR:<token>`);
3. GS1: a GS1 symbology (`]C1`, `]d2`, `]Q3`, `]e0`…), a GS or the visible separator in the text,
   or a GS1 Digital Link URI → parsed with biip: AI 00 → ParcelScan, AI 01/02 → ItemScan;
4. digits shaped like a GTIN-8/12/13/14 with a correct check digit → `sku_barcodes` by the
   14-digit form (so a 13-digit EAN matches the stored 14-digit GTIN);
5. exact lookups: badges, totes, locations, compartments, box types, order refs, tracking numbers
   (packages, parcels), internal SKU barcodes, SKU codes;
6. an 18-digit SSCC with a correct check digit, or AIs without a GS1 symbology (`0105901234…`);
7. otherwise `Unknown` with a sentence saying what was read."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from terminal.config import Settings
from terminal.people.badges import badge_hmac, badge_key
from terminal.scanning.gs1 import (
    GS,
    GS1Data,
    GS1Error,
    gtin14,
    has_gtin_shape,
    parse_digital_link,
    parse_element_string,
    valid_sscc,
)
from terminal.scanning.messages import unknown
from terminal.scanning.settings import ScanSettings, matched_value
from terminal.scanning.symbology import EAN_SYMBOLOGIES, is_gs1, split_aim, symbology_name
from terminal.scanning.types import (
    BadgeScan,
    BoxTypeScan,
    CommandScan,
    CompartmentScan,
    ItemScan,
    LocationScan,
    OrderScan,
    ParcelScan,
    PickupTokenScan,
    ToteScan,
    TypedScan,
)

log = logging.getLogger(__name__)
MAX_LOOKUP_LENGTH = 128   # nothing we look up by exact match is longer; skip the database for longer text

_settings_cache: tuple[Settings | None, ScanSettings] | None = None


def classify(db: Any, raw: str | bytes, *, settings: Settings | ScanSettings | None = None) -> TypedScan:
    """The typed value for `raw` (see the module docstring for the order of checks)."""
    try:
        config = _scan_settings(settings)
    except Exception as exc:  # a broken pattern in the settings: say so instead of failing the scan
        return unknown(_safe_text(raw), "scan_settings_broken", exc)
    try:
        return _classify(db, raw, config)
    except sqlite3.Error as exc:
        log.warning("scan lookup failed: %s", exc)
        return unknown(_safe_text(raw), "scan_db_unreadable", _show(_safe_text(raw)), exc)
    except Exception as exc:  # never let one odd scan take a screen down
        log.exception("classify failed on %r", raw)
        return unknown(_safe_text(raw), "scan_failed", _show(_safe_text(raw)), type(exc).__name__)


def _scan_settings(settings: Settings | ScanSettings | None) -> ScanSettings:
    global _settings_cache
    if isinstance(settings, ScanSettings):
        return settings
    if _settings_cache is not None and _settings_cache[0] is settings:
        return _settings_cache[1]
    config = ScanSettings.from_settings(settings)
    _settings_cache = (settings, config)
    return config


def _safe_text(raw: object) -> str:
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("utf-8", errors="replace")
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="replace").decode("utf-8")   # lone surrogates → "?"
    return repr(raw)


def _show(text: str, limit: int = 40) -> str:
    """The scan quoted for a message: control characters visible, long text shortened."""
    shown = "".join("<GS>" if c == GS else (c if c.isprintable() else f"\\x{ord(c):02x}") for c in text[:limit])
    return f'"{shown}…"' if len(text) > limit else f'"{shown}"'


def _classify(db: Any, raw: str | bytes, config: ScanSettings) -> TypedScan:
    if not isinstance(raw, str | bytes | bytearray):
        return unknown(_safe_text(raw), "scan_not_text")
    text = _safe_text(raw).strip(" \r\n\t\x00\x04")
    symbology, text = split_aim(text)
    text = text.strip(" \r\n\t")
    sym = symbology_name(symbology)
    what = f" ({sym})" if sym else ""
    if not text:
        return unknown(text, "scan_empty", what, symbology=symbology)
    if len(text) > config.max_length:
        return unknown(text[:200], "scan_too_long", what, len(text), symbology=symbology)
    if any(not c.isprintable() and c != GS for c in text):
        return unknown(text, "scan_control_chars", _show(text), what, symbology=symbology)

    if match := config.command.fullmatch(text):
        return CommandScan(raw=text, symbology=symbology, command=matched_value(match).upper())
    if match := config.pickup_token.fullmatch(text):
        return PickupTokenScan(raw=text, symbology=symbology, token=matched_value(match))

    separator = config.gs1_separator
    if is_gs1(symbology) or GS in text or (separator and separator in text):
        try:
            data = parse_element_string(text, separator)
        except GS1Error as exc:
            return unknown(text, "scan_gs1_unparsable", _show(text), what, exc, symbology=symbology)
        return _from_gs1(db, text, symbology, data)
    if text.startswith(("http://", "https://")):
        try:
            data = parse_digital_link(text)
        except GS1Error:
            return unknown(text, "scan_web_address", _show(text), what, symbology=symbology)
        return _from_gs1(db, text, symbology, data)

    gtin = gtin14(text) if has_gtin_shape(text) else None
    if gtin is not None and db is not None:
        item = _item_by_barcode(db, text, symbology, gtin)
        if item is not None:
            return item
    if db is not None and len(text) <= MAX_LOOKUP_LENGTH:
        found = _lookup(db, text, symbology, config)
        if found is not None:
            return found
    if valid_sscc(text):
        return ParcelScan(raw=text, symbology=symbology, tracking_number=text, sscc=text)
    if config.filters.get("parcel") is not None and config.allows("parcel", text):
        return ParcelScan(raw=text, symbology=symbology, tracking_number=text)
    if text.isdigit() and len(text) > 14 and text.startswith(("00", "01", "02")):
        try:
            return _from_gs1(db, text, symbology, parse_element_string(text, separator))
        except GS1Error:
            pass
    if gtin is not None:
        return unknown(text, "scan_gtin_unknown", gtin, what, symbology=symbology)
    if has_gtin_shape(text) and (symbology in EAN_SYMBOLOGIES or symbology == ""):
        return unknown(text, "scan_bad_check_digit", _show(text), what, symbology=symbology)
    return unknown(text, "scan_not_known", _show(text), what, symbology=symbology)


def _from_gs1(db: Any, text: str, symbology: str, data: GS1Data) -> TypedScan:
    if data.sscc:
        return ParcelScan(raw=text, symbology=symbology, tracking_number=data.sscc, sscc=data.sscc)
    if data.gtin:
        row = _one(db, "SELECT sku_code, units FROM sku_barcodes WHERE barcode = ?", data.gtin) if db else None
        if row is None:
            return unknown(text, "scan_gs1_gtin_unknown", data.gtin, symbology=symbology)
        return ItemScan(raw=text, symbology=symbology, sku_code=row[0], gtin=data.gtin,
                        units=data.count if data.count else int(row[1]), batch=data.batch, expiry=data.expiry,
                        serial=data.serial, ais=dict(data.ais))
    ais = ", ".join(f"({ai})" for ai in data.ais)
    return unknown(text, "scan_gs1_no_gtin", ais, symbology=symbology)


def _item_by_barcode(db: Any, text: str, symbology: str, gtin: str) -> ItemScan | None:
    row = _one(db, "SELECT sku_code, units FROM sku_barcodes WHERE barcode = ?", gtin)
    if row is None and gtin != text:   # tolerate a catalogue that stored the GTIN as printed
        row = _one(db, "SELECT sku_code, units FROM sku_barcodes WHERE barcode = ?", text)
    if row is None:
        return None
    return ItemScan(raw=text, symbology=symbology, sku_code=row[0], gtin=gtin, units=int(row[1]))


def _lookup(db: Any, text: str, symbology: str, config: ScanSettings) -> TypedScan | None:
    """Exact lookups by primary key or unique index, in a fixed order; None when nothing matches."""
    allows = config.allows
    if allows("badge", text) and (row := _one(db, "SELECT user_id FROM badges WHERE badge_hmac = ?",
                                              badge_hmac(badge_key(db), text))):
        return BadgeScan(raw=text, symbology=symbology, badge=text, user_id=row[0])
    if allows("tote", text) and _one(db, "SELECT 1 FROM totes WHERE code = ?", text):
        return ToteScan(raw=text, symbology=symbology, code=text)
    if allows("location", text) and _one(db, "SELECT 1 FROM locations WHERE code = ?", text):
        return LocationScan(raw=text, symbology=symbology, code=text)
    if allows("compartment", text) and _one(db, "SELECT 1 FROM compartments WHERE id = ?", text):
        return CompartmentScan(raw=text, symbology=symbology, compartment_id=text)
    if allows("box_type", text) and (row := _one(db, "SELECT code FROM box_types WHERE barcode = ?", text)):
        return BoxTypeScan(raw=text, symbology=symbology, box_code=row[0])
    if allows("order", text) and (row := _one(db, "SELECT id, ref FROM orders WHERE ref = ?", text)):
        return OrderScan(raw=text, symbology=symbology, order_id=row[0], ref=row[1])
    if allows("parcel", text) and (
        (row := _one(db, "SELECT tracking_number, sscc FROM packages WHERE tracking_number = ?", text))
        or (row := _one(db, "SELECT tracking_number, '' FROM parcels WHERE tracking_number = ?", text))
    ):
        return ParcelScan(raw=text, symbology=symbology, tracking_number=row[0], sscc=row[1] or "")
    if allows("sku", text):
        row = _one(db, "SELECT sku_code, units FROM sku_barcodes WHERE barcode = ?", text)
        if row is not None:
            return ItemScan(raw=text, symbology=symbology, sku_code=row[0], units=int(row[1]))
        if _one(db, "SELECT 1 FROM skus WHERE code = ?", text):
            return ItemScan(raw=text, symbology=symbology, sku_code=text)
    return None


def _one(db: Any, sql: str, value: str) -> Any:
    return db.execute(sql, (value,)).fetchone()
