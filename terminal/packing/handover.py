"""Loading the carrier's vehicle: each scanned package (tracking number or SSCC) is handed over.

The first package scanned sets the carrier being loaded unless one is given. An unknown package,
a package of another carrier, one not packed yet, or one already handed over gets one sentence and
changes nothing. Each accepted scan is one `PackagesHandedOver` fact, so a driver who leaves halfway
leaves the packages already loaded recorded as handed over.

A package whose label never printed (no job of it was sent) is held: the loader is told, and only a
supervisor's badge (`accept`) lets it go — recorded on the fact as `label_override_by`, which raises
an exception for the supervisor's queue. Any other scan puts the held package aside."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock, SystemClock, local_time, site_timezone
from terminal.ops import apply_op
from terminal.packing import messages  # noqa: F401  (registers the sentences below)
from terminal.people.badges import User
from terminal.sentences import Outcome, say


@dataclass(frozen=True)
class PackageRow:
    package_id: str
    order_ref: str
    carrier_code: str
    tracking_number: str
    sscc: str
    handed_over_at: str | None


def find_package(db: sqlite_utils.Database, code: str) -> PackageRow | None:
    """A package by its tracking number or its SSCC (with or without the AI 00 in front)."""
    code = code.strip()
    sscc = code[2:] if len(code) == 20 and code.startswith("00") else code
    row = db.execute("SELECT p.id, o.ref, o.carrier_code, p.tracking_number, p.sscc, p.handed_over_at"
                     " FROM packages p JOIN orders o ON o.id = p.order_id"
                     " WHERE p.tracking_number = ? OR p.sscc = ? LIMIT 1", (code, sscc)).fetchone()
    return PackageRow(*row) if row else None


class Handover:
    """One vehicle being loaded for one carrier."""

    def __init__(self, db: sqlite_utils.Database, *, carrier_code: str | None = None, user_id: str | None = None,
                 clock: Clock | None = None) -> None:
        self.db = db
        self.carrier_code = carrier_code
        self.user_id = user_id
        self.clock = clock or SystemClock()
        self.loaded: list[PackageRow] = []
        self.held: PackageRow | None = None      # no printed label: waits for a supervisor's badge

    def waiting(self) -> int:
        """Packed packages of this carrier not handed over yet (all carriers before one is set)."""
        sql = ("SELECT count(*) FROM packages p JOIN orders o ON o.id = p.order_id WHERE p.handed_over_at IS NULL"
               " AND o.status = 'packed'")
        if self.carrier_code:
            return int(self.db.execute(sql + " AND o.carrier_code = ?", (self.carrier_code,)).fetchone()[0])
        return int(self.db.execute(sql).fetchone()[0])

    def scan(self, code: str) -> Outcome:
        self.held = None
        package = find_package(self.db, code)
        if package is None:
            return Outcome.bad(say("handover_unknown_package", code))
        if self.carrier_code and package.carrier_code != self.carrier_code:
            return Outcome.bad(say("handover_other_carrier", package.tracking_number, package.carrier_code,
                                   self.carrier_code))
        if package.handed_over_at:
            return Outcome.bad(say("handover_already", package.tracking_number,
                                   local_time(package.handed_over_at, site_timezone(self.db), today=self.clock.now())))
        if not label_printed(self.db, package.package_id):
            self.held = package
            return Outcome.bad(say("handover_label_not_printed", package.tracking_number))
        self._load(package, None)
        return Outcome.good(say("handover_loaded", package.tracking_number, package.order_ref, package.carrier_code,
                                len(self.loaded), self.waiting()))

    def accept(self, supervisor: User) -> Outcome:
        """A supervisor lets the held package (no printed label) go onto the vehicle."""
        package = self.held
        if package is None:
            return Outcome.bad(say("handover_nothing_to_accept"))
        if not supervisor.has_role("supervisor"):
            return Outcome.bad(say("handover_not_a_supervisor", supervisor.name))
        self.held = None
        self._load(package, supervisor.id)
        return Outcome.good(say("handover_loaded_unlabelled", package.tracking_number, package.order_ref,
                                package.carrier_code, supervisor.name, len(self.loaded), self.waiting()))

    def _load(self, package: PackageRow, override_by: str | None) -> None:
        self.carrier_code = package.carrier_code
        args = {"package_ids": [package.package_id], "carrier_code": package.carrier_code, "user_id": self.user_id}
        if override_by:
            args["label_override_by"] = override_by
        apply_op(self.db, "PackagesHandedOver", args, clock=self.clock)
        self.loaded.append(package)


def label_printed(db: sqlite_utils.Database, package_id: str) -> bool:
    """Whether a label of this package reached the printer (a job sent, or confirmed as come out)."""
    return db.execute("SELECT 1 FROM label_jobs WHERE package_id = ? AND status = 'sent' LIMIT 1",
                      (package_id,)).fetchone() is not None
