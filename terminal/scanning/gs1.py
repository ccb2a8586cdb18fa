"""GS1 data through biip: GTIN normalisation with the check digit verified, SSCCs, element strings.

FNC1 inside an element string arrives as GS (0x1D) from scanners that transmit it, or as a visible
separator (setting `scanning.gs1_separator`, default "|") from scanners and hand-typed test data; "|"
is outside the GS1 character set (CSET 82), so it can never be part of an AI's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from biip import ParseConfig
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin
from biip.sscc import Sscc

GS = "\x1d"


class GS1Error(ValueError):
    """The text is not a usable GS1 element string; the message says why in one sentence."""


@dataclass(frozen=True)
class GS1Data:
    ais: dict[str, str] = field(default_factory=dict)
    gtin: str = ""          # 14 digits, from AI 01 or 02
    sscc: str = ""          # AI 00
    batch: str = ""
    expiry: date | None = None
    serial: str = ""
    count: int | None = None


def gtin14(digits: str) -> str | None:
    """The GTIN as 14 digits when `digits` is a GTIN-8/12/13/14 with a correct check digit, else None."""
    if len(digits) not in (8, 12, 13, 14) or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return Gtin.parse(digits).as_gtin_14()
    except Exception:  # biip raises ParseError for a wrong check digit or an impossible prefix
        return None


def has_gtin_shape(text: str) -> bool:
    return len(text) in (8, 12, 13, 14) and text.isascii() and text.isdigit()


def valid_sscc(digits: str) -> bool:
    if len(digits) != 18 or not digits.isascii() or not digits.isdigit():
        return False
    try:
        Sscc.parse(digits)
    except Exception:
        return False
    return True


def parse_element_string(text: str, separator: str = "|") -> GS1Data:
    """Parse `01…10…<GS>17…` (GS or `separator` as FNC1); GS1Error when it is not one."""
    chars = [GS] + ([separator] if separator and separator != GS else [])
    data = text.lstrip("".join(chars))  # a leading FNC1 is the symbology marker, not a separator
    if not data:
        raise GS1Error("there is no GS1 data after the separator")
    try:
        message = GS1Message.parse(data, config=ParseConfig(separator_chars=chars))
    except Exception as exc:
        raise GS1Error(str(exc).rstrip(".")) from exc
    return _from_message(message)


def parse_digital_link(text: str) -> GS1Data:
    """A GS1 Digital Link URI (https://id.gs1.org/01/…/10/…) in a QR code."""
    try:
        message = GS1DigitalLinkURI.parse(text).as_gs1_message()
    except Exception as exc:
        raise GS1Error(str(exc).rstrip(".")) from exc
    return _from_message(message)


def _from_message(message: GS1Message) -> GS1Data:
    ais: dict[str, str] = {}
    gtin = sscc = batch = serial = ""
    expiry: date | None = None
    count: int | None = None
    for element in message.element_strings:
        ai = element.ai.ai
        ais[ai] = element.value
        if ai in ("01", "02") and element.gtin is not None and (ai == "01" or not gtin):
            gtin = element.gtin.as_gtin_14()
        elif ai == "00":
            if element.sscc is None:
                raise GS1Error(f"the SSCC {element.value} has a wrong check digit")
            sscc = element.value
        elif ai == "10":
            batch = element.value
        elif ai == "17":
            expiry = element.date
        elif ai == "21":
            serial = element.value
        elif ai in ("30", "37") and element.value.isdigit():
            count = int(element.value)
    if ("01" in ais or "02" in ais) and not gtin:
        raise GS1Error("the GTIN in it has a wrong check digit")
    return GS1Data(ais=ais, gtin=gtin, sscc=sscc, batch=batch, expiry=expiry, serial=serial, count=count)
