"""`handoff-backend faces set`: a site's pick faces (backend/faces.py), one location and SKU at a time."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

COMMANDS = ("faces",)


def add_parsers(sub: Any, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    faces = sub.add_parser("faces", help="Pick faces: min/max per location and SKU (replenishment).")
    faces_sub = faces.add_subparsers(dest="faces_command", required=True, metavar="COMMAND")
    put = faces_sub.add_parser("set", help="Create or change the pick face of a location and SKU.")
    db_arg(put)
    put.add_argument("--site", required=True)
    put.add_argument("location", help="the location code of the pick face")
    put.add_argument("sku", help="the SKU picked there")
    put.add_argument("--min", type=int, required=True, help="below this after a pick, a replenishment task opens")
    put.add_argument("--max", type=int, required=True, help="a replenishment fills the face up to this")
    put.add_argument("--json", action="store_true")


def run(engine: Any, args: argparse.Namespace) -> int:
    from backend.faces import LIMIT, FacesRefused, set_faces

    if not 0 <= args.min <= LIMIT or not 1 <= args.max <= LIMIT:
        print(f"handoff-backend: --min must be 0–{LIMIT} and --max 1–{LIMIT}.", file=sys.stderr)
        return 2
    face = {"location_code": args.location, "sku_code": args.sku, "min_qty": args.min, "max_qty": args.max}
    try:
        set_faces(engine, args.site, [face])
    except FacesRefused as exc:
        print(f"handoff-backend: {exc.message}", file=sys.stderr)
        return 2
    print(json.dumps({"site_id": args.site, **face}) if args.json else
          f"pick face {args.sku} @ {args.location} at {args.site}: min {args.min}, max {args.max}")
    return 0
