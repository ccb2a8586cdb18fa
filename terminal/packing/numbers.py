"""Tracking numbers and SSCCs for new packages.

SSCC (GS1 AI 00, 18 digits) = extension digit + the carrier's GS1 company prefix + serial
reference + check digit. The check digit is computed and every SSCC validated with biip. The serial
reference starts with this terminal's number (setting `packing.terminal_no`, 0–99) so two pack
stations of one site never hand out the same SSCC, then counts up per terminal.
Tracking numbers are the carrier's `tracking_prefix` + terminal number (2 digits) + a 10-digit counter;
a carrier that allocates its own numbers replaces them when its API is wired in."""

from __future__ import annotations

import sqlite_utils
from biip.checksums import gs1_standard_check_digit
from biip.sscc import Sscc

from terminal.errors import HandoffError

SSCC_LENGTH = 18


class NumberingError(HandoffError):
    pass


def sscc_with_check(body17: str) -> str:
    """The 18-digit SSCC for 17 digits, with biip's GS1 check digit."""
    return body17 + str(gs1_standard_check_digit(body17))


def valid_sscc(value: str) -> bool:
    try:
        Sscc.parse(value)
    except Exception:  # biip raises ParseError subclasses; anything unparsable is simply not valid
        return False
    return True


def next_sscc(db: sqlite_utils.Database, company_prefix: str, terminal_no: int, extension: int = 0, *,
              table: str = "packages", column: str = "sscc") -> str:
    """The next SSCC after the highest `table.column` holds (licence plates count in their own table)."""
    head = f"{extension}{company_prefix}{terminal_no:02d}"
    digits = 17 - len(head)
    if not company_prefix.isdigit() or digits < 4:
        raise NumberingError(f"The GS1 company prefix {company_prefix!r} cannot make an SSCC; it must be 7–12 "
                             f"digits. Fix carriers.gs1_company_prefix.")
    row = db.execute(f"SELECT max(substr({column}, ?, ?)) FROM {table} WHERE {column} LIKE ? AND length({column}) = 18",
                     (len(head) + 1, digits, head + "%")).fetchone()
    serial = int(row[0]) + 1 if row and row[0] else 1
    if serial >= 10 ** digits:
        raise NumberingError(f"The SSCC serials for prefix {company_prefix} on terminal {terminal_no} are used up.")
    return sscc_with_check(f"{head}{serial:0{digits}d}")


def next_tracking(db: sqlite_utils.Database, prefix: str, terminal_no: int) -> str:
    head = f"{prefix}{terminal_no:02d}"
    row = db.execute("SELECT max(CAST(substr(tracking_number, ?) AS INTEGER)) FROM packages"
                     " WHERE tracking_number LIKE ? AND length(tracking_number) = ?",
                     (len(head) + 1, head + "%", len(head) + 10)).fetchone()
    serial = int(row[0]) + 1 if row and row[0] else 1
    return f"{head}{serial:010d}"
