"""`ParcelAnnounced`: a parcel announced at the kiosk itself, as an operation, so the backend hears of it.

Announcements normally come from the carrier through the backend (`POST /v1/parcels`) and reach a
kiosk by pull. Where a kiosk has to take one in without that path — the shift simulator's couriers
bring parcels nobody announced beforehand — it goes through this op: the same row is written here
and, when the op is pushed, on the server (backend/handlers/announcements.py), so terminal and
server agree after a sync. Only HMACs of the codes travel; the plain codes stay with whoever
announced the parcel."""

from __future__ import annotations

import sqlite_utils

from terminal.clock import Clock, SystemClock, iso
from terminal.lockers.ops import ANNOUNCEMENT, LOCKER, Announcement
from terminal.lockers.site import Announced, announcement_row
from terminal.opargs import Id, Text
from terminal.ops import Args, OpContext, apply_op, operation, require


class AnnouncedArgs(Announcement, kw_only=True):
    """An announcement made at the kiosk: it names its parcel, locker, tracking number and kind."""

    id: Id
    site_id: Id
    tracking_number: Id
    kind: Text


@operation("ParcelAnnounced", args=AnnouncedArgs, roles=LOCKER, footprint=lambda a, r: [("parcel", a["id"])])
def parcel_announced(ctx: OpContext, args: Args) -> Args:
    """{id, site_id, tracking_number, kind, size_class, recipient_phone_hmac, phone_last4, code_hmac,
    qr_hmac, return_code_hmac, announced_at}: a new parcel waiting to be deposited."""
    site = ctx.one("SELECT kind FROM sites WHERE id = ?", (args["site_id"],))
    require(site is not None and site[0] == "locker", "unknown_site", f"There is no locker {args['site_id']} here.")
    require(args.get("kind") in ("delivery", "return"), "bad_kind", "A parcel is a delivery or a return.")
    if ctx.one("SELECT 1 FROM parcels WHERE id = ?", (args["id"],)) is not None:
        return {"parcel_id": args["id"]}     # this very announcement, already here (a replay): nothing to do
    known = ctx.one("SELECT id FROM parcels WHERE site_id = ? AND tracking_number = ?",
                    (args["site_id"], args["tracking_number"]))
    require(known is None, "already_announced", f"Parcel {args['tracking_number']} is already announced here.",
            args["tracking_number"])
    columns = ", ".join(ANNOUNCEMENT)
    ctx.db.execute(f"INSERT INTO parcels ({columns}, status) VALUES ({', '.join('?' for _ in ANNOUNCEMENT)},"
                   " 'announced')", tuple(args.get(c) for c in ANNOUNCEMENT))
    return {"parcel_id": args["id"]}


def announce_parcel(db: sqlite_utils.Database, key: bytes, site_id: str, tracking_number: str, *, phone: str = "",
                    size_class: str | None = "A", kind: str = "delivery", clock: Clock | None = None) -> Announced:
    """Announce a parcel through `ParcelAnnounced`; returns its plain codes (they exist only here)."""
    row, plain = announcement_row(key, site_id, tracking_number, phone=phone, size_class=size_class, kind=kind,
                                  announced_at=iso((clock or SystemClock()).now()))
    apply_op(db, "ParcelAnnounced", row, clock=clock)
    return plain
