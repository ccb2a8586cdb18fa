"""What a carrier label says, read from the database for one package.

The content is plain data; `layout.py` places it on the 4x6 in label and both the ZPL and the
preview are drawn from that one placement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils
from biip import ParseError
from biip.sscc import Sscc

from terminal.errors import HandoffError
from terminal.packing.numbers import sscc_with_check

SERVICE_MARKS = {"EXPRESS_SAME_DAY": "EXPRESS", "NEXT_DAY": "NEXT DAY", "STANDARD": "STANDARD"}
SERVICE_NAMES = {"EXPRESS_SAME_DAY": "Express same day", "NEXT_DAY": "Next day (Smart!)", "STANDARD": "Standard"}


class LabelDataError(HandoffError):
    """The package cannot be labelled: unknown, or missing what a carrier label needs."""


@dataclass(frozen=True)
class Party:
    """A sender or recipient: a name and the address lines under it."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class LabelContent:
    package_id: str
    carrier_code: str
    carrier_name: str
    service: str                   # EXPRESS_SAME_DAY / NEXT_DAY / STANDARD
    sender: Party
    recipient: Party
    delivery_method: str           # courier / locker / pickup_point
    destination_locker: str | None  # locker site id or point code for locker / pickup_point
    order_ref: str
    weight_g: int | None
    tracking_number: str
    sscc: str                      # 18 digits, check digit verified
    locker_size: str | None = None
    box_type: str | None = None

    @property
    def service_mark(self) -> str:
        """The large mark: EXPRESS, NEXT DAY or STANDARD."""
        return SERVICE_MARKS.get(self.service, self.service.replace("_", " "))

    @property
    def service_name(self) -> str:
        return SERVICE_NAMES.get(self.service, self.service)

    @property
    def weight_text(self) -> str:
        return "—" if self.weight_g is None else f"{self.weight_g / 1000:.2f} kg"


_PACKAGE_SQL = """
SELECT p.id, p.tracking_number, p.sscc, p.weight_g, p.expected_weight_g, p.locker_size, p.box_type,
       o.ref, o.service, o.delivery_method, o.destination_locker, o.site_id,
       o.recipient_name, o.recipient_street, o.recipient_postcode, o.recipient_city, o.recipient_phone,
       c.code AS carrier_code, c.name AS carrier_name
FROM packages p JOIN orders o ON o.id = p.order_id JOIN carriers c ON c.code = o.carrier_code
WHERE p.id = ?
"""


def check_sscc(sscc: str) -> str:
    """The SSCC when it is 18 digits with a correct GS1 check digit (per biip); else LabelDataError."""
    try:
        return Sscc.parse(sscc).value
    except ParseError as exc:
        raise LabelDataError(f"The package's SSCC {sscc!r} is not valid ({exc}).") from None


def make_sscc(extension: int, company_prefix: str, serial: int) -> str:
    """An SSCC from its parts (check digit: `packing.numbers.sscc_with_check`, which asks biip)."""
    body = f"{extension}{company_prefix}"
    body += str(serial).zfill(17 - len(body))
    if len(body) != 17:
        raise ValueError("extension + company prefix + serial must be 17 digits")
    return sscc_with_check(body)


def _address(text: str | None) -> tuple[str, ...]:
    """A site's one-line address ("ul. X 1, 00-001 City") as label lines."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _sender(db: sqlite_utils.Database, site_id: str | None) -> Party:
    row = db.execute("SELECT name, address FROM sites WHERE id = ?", (site_id,)).fetchone() if site_id else None
    if row is None:      # orders made before sites were known: the warehouse this terminal belongs to
        row = db.execute("SELECT name, address FROM sites WHERE kind = 'warehouse' ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise LabelDataError("No warehouse site is set up, so the label has no sender; sync or load the site first.")
    return Party(row[0], _address(row[1]))


def _recipient(db: sqlite_utils.Database, row: Any) -> Party:
    if row["delivery_method"] in ("locker", "pickup_point") and row["destination_locker"]:
        site = db.execute("SELECT name, address FROM sites WHERE id = ?", (row["destination_locker"],)).fetchone()
        point = (site[0], *_address(site[1])) if site else ()
        return Party(row["recipient_name"], (*point, *([f"tel. {row['recipient_phone']}"]
                                                        if row["recipient_phone"] else [])))
    city = " ".join(part for part in (row["recipient_postcode"], row["recipient_city"]) if part)
    lines = [line for line in (row["recipient_street"], city) if line]
    if row["recipient_phone"]:
        lines.append(f"tel. {row['recipient_phone']}")
    return Party(row["recipient_name"], tuple(lines))


def label_for_package(db: sqlite_utils.Database, package_id: str) -> LabelContent:
    """The label of one package; LabelDataError (one sentence) when it cannot be labelled."""
    cursor = db.execute(_PACKAGE_SQL, (package_id,))
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    if found is None:
        raise LabelDataError(f"There is no package {package_id}.")
    row = dict(zip(names, found, strict=True))
    if not row["tracking_number"]:
        raise LabelDataError(f"Package {package_id} has no tracking number yet, so it cannot be labelled.")
    if not row["sscc"]:
        raise LabelDataError(f"Package {package_id} has no SSCC yet, so it cannot be labelled.")
    return LabelContent(
        package_id=row["id"], carrier_code=row["carrier_code"], carrier_name=row["carrier_name"],
        service=row["service"], sender=_sender(db, row["site_id"]), recipient=_recipient(db, row),
        delivery_method=row["delivery_method"], destination_locker=row["destination_locker"],
        order_ref=row["ref"], weight_g=row["weight_g"] if row["weight_g"] is not None else row["expected_weight_g"],
        tracking_number=row["tracking_number"], sscc=check_sscc(row["sscc"]),
        locker_size=row["locker_size"], box_type=row["box_type"],
    )


def package_for_order(db: sqlite_utils.Database, ref: str) -> str:
    """The id of an order's latest package (by order ref); LabelDataError when there is none."""
    order = db.execute("SELECT id FROM orders WHERE ref = ?", (ref,)).fetchone()
    if order is None:
        raise LabelDataError(f"There is no order {ref}.")
    package = db.execute("SELECT id FROM packages WHERE order_id = ? ORDER BY packed_at DESC, id DESC LIMIT 1",
                         (order[0],)).fetchone()
    if package is None:
        raise LabelDataError(f"Order {ref} has not been packed yet, so it has no label.")
    return str(package[0])


def sample_label() -> LabelContent:
    """A label with every field filled (Polish diacritics included) to check a printer with."""
    return LabelContent(
        package_id="TEST", carrier_code="TEST", carrier_name="Próbny wydruk",
        service="NEXT_DAY", sender=Party("Magazyn Łódź", ("ul. Żółkiewskiego 1", "90-001 Łódź")),
        recipient=Party("Zażółć Gęślą Jaźń", ("ul. Świętokrzyska 12/4", "00-916 Warszawa", "tel. 600 000 000")),
        delivery_method="courier", destination_locker=None, order_ref="TEST-0001", weight_g=1234,
        tracking_number="TEST0000000001", sscc=make_sscc(0, "590000000", 1), locker_size="B", box_type="TEST",
    )
