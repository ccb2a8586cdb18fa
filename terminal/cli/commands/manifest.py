"""`handoff manifest close` (a carrier's day → handover list PDF + CSV) and `handoff manifest handover`
(packages scanned onto the carrier's vehicle).

`close` puts every packed package of the carrier that is on no manifest yet onto a new manifest
(the ManifestClosed operation) and writes FILE.pdf and FILE.csv beside it; the output path is
checked before anything is written. `handover` takes tracking numbers or SSCCs (arguments, or one
per line on stdin with `-`) and hands each over (PackagesHandedOver); an unknown package, one of
another carrier or one already handed over is one sentence on stderr, nothing changed, and the
exit status is 1 when any was refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.errors import HandoffError
from terminal.packing.handover import Handover
from terminal.packing.manifest import check_output, close_manifest, write_handover_files
from terminal.people.badges import user_for_badge
from terminal.store import open_db


def register(sub: Any) -> None:
    manifest = group(sub, "manifest", "Carrier manifests and handover to the carrier's vehicle.")
    help = "Close a carrier's day: the handover list as PDF, with a CSV of the same name beside it."
    close = manifest.add_parser("close", help=help, description=help)
    close.add_argument("--db", type=Path, required=True, help="the terminal database file")
    close.add_argument("--carrier", required=True, metavar="CODE", help="carrier code, e.g. DPD or INPOST")
    close.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf",
                       help="the PDF to write (the CSV gets the same name with .csv)")
    close.add_argument("--by", metavar="BADGE", help="badge of the person closing the day (for the audit)")
    close.add_argument("--json", action="store_true", help="print the result as JSON")
    close.set_defaults(func=_close)

    help = "Hand packages over to the carrier's driver: scan (or list) tracking numbers or SSCCs."
    hand = manifest.add_parser("handover", help=help, description=help)
    hand.add_argument("--db", type=Path, required=True, help="the terminal database file")
    hand.add_argument("--carrier", metavar="CODE", help="only this carrier's packages (default: the first one's)")
    hand.add_argument("--by", metavar="BADGE", help="badge of the person loading the vehicle")
    hand.add_argument("codes", nargs="+", metavar="CODE", help="tracking numbers or SSCCs; - reads them from stdin")
    hand.set_defaults(func=_handover)


def _user_id(db: Any, badge: str | None) -> str | None:
    return user_for_badge(db, badge).id if badge else None


def _close(args: argparse.Namespace) -> int:
    check_output(args.output)
    db = open_db(args.db)
    try:
        manifest = close_manifest(db, args.carrier.upper(), user_id=_user_id(db, args.by))
        try:
            csv_path = write_handover_files(manifest, args.output)
        except OSError as exc:
            raise HandoffError(f"Manifest {manifest.manifest_id} is closed, but {args.output} could not be "
                               f"written ({exc.strerror or exc}); fix that and run it again to reprint.") from exc
    finally:
        db.close()
    if args.json:
        print_json({"manifest_id": manifest.manifest_id, "carrier": manifest.carrier_code, "day": manifest.day,
                    "packages": len(manifest.rows), "weight_g": manifest.total_weight_g,
                    "pdf": str(args.output), "csv": str(csv_path)})
    else:
        print(f"Manifest {manifest.manifest_id} for {manifest.carrier_code} on {manifest.day}: "
              f"{len(manifest.rows)} packages, {manifest.total_weight_g / 1000:.2f} kg → {args.output}, {csv_path}")
    return 0


def _handover(args: argparse.Namespace) -> int:
    codes = [c for c in args.codes if c != "-"]
    if "-" in args.codes:
        codes += [line.strip() for line in sys.stdin if line.strip()]
    db = open_db(args.db)
    refused = 0
    try:
        handover = Handover(db, carrier_code=args.carrier.upper() if args.carrier else None,
                            user_id=_user_id(db, args.by))
        for code in codes:
            outcome = handover.scan(code)
            print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
            refused += not outcome.ok
    finally:
        db.close()
    return 1 if refused else 0
