"""`handoff scan decode IMAGE... [--formats F,...] [--decoder zxing|pyzbar] --json` and
`handoff scan classify TEXT --db PATH --json`.

decode prints `{IMAGE: [{text, format, symbology, position}, …], …}` — one list per image, in the
order given (`position` = four [x, y] corners clockwise from top-left; `text` has FNC1 as GS).
classify prints the typed value: `{"type": "ItemScan", "raw": …, "symbology": …, <its fields>}`;
an `Unknown` carries `message` and exits 1. In TEXT, `\\x1d` (or the visible separator, "|") stands
for GS."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from terminal.cli import group, print_json
from terminal.config import load_settings
from terminal.scanning.classify import classify
from terminal.scanning.decoders import DECODERS, load_image, make_decoder, max_image_pixels
from terminal.scanning.types import TypedScan, Unknown
from terminal.store import open_db


def register(sub: Any) -> None:
    scan = group(sub, "scan", "Decode barcode images and check what a scan means.")
    help = "Decode the barcodes in image files."
    decode = scan.add_parser("decode", help=help, description=help)
    decode.add_argument("images", nargs="+", metavar="IMAGE", help="PNG/JPEG/BMP files")
    decode.add_argument("--formats", help="comma list of formats to look for, e.g. QRCode,Code128 (default: all)")
    decode.add_argument("--decoder", choices=sorted(DECODERS), help="zxing (default) or pyzbar")
    decode.add_argument("--json", action="store_true", help="print the result as JSON")
    decode.set_defaults(func=_decode)

    help = "Show what a scanned text is: location, item, tote, order, parcel, badge, command, …"
    cls = scan.add_parser("classify", help=help, description=help)
    cls.add_argument("text", metavar="TEXT", help="the scanned text (\\x1d or | for GS)")
    cls.add_argument("--db", type=Path, required=True, help="the terminal database file")
    cls.add_argument("--json", action="store_true", help="print the result as JSON")
    cls.set_defaults(func=_classify)


def _decode(args: argparse.Namespace) -> int:
    settings = load_settings()
    decoder = make_decoder(args.decoder, settings)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()] if args.formats else None
    limit = max_image_pixels(settings)
    result = {str(path): [d.as_json() for d in decoder.decode(load_image(str(path), limit), formats)]
              for path in args.images}
    if args.json:
        print_json(result)
    else:
        for path, found in result.items():
            print(f"{path}: {len(found)} found")
            for item in found:
                print(f"  {item['format']} {item['symbology']} {item['text'].replace(chr(29), '<GS>')}")
    return 0


def scan_as_json(scan: TypedScan) -> dict[str, Any]:
    """The typed value as JSON: its type name, then its fields (dates as ISO text)."""
    fields = {f.name: getattr(scan, f.name) for f in dataclasses.fields(scan) if not f.metadata.get("screen_only")}
    return {"type": type(scan).__name__, **{k: v.isoformat() if hasattr(v, "isoformat") else v
                                            for k, v in fields.items()}}


def _classify(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    try:
        text = args.text.replace("\\x1d", "\x1d").replace("\\x1D", "\x1d")
        scan = classify(db, text, settings=load_settings())
    finally:
        db.close()
    if args.json:
        print_json(scan_as_json(scan))
    elif isinstance(scan, Unknown):
        print(scan.message)
    else:
        shown = ", ".join(f"{k}={v}" for k, v in scan_as_json(scan).items() if k != "type" and v not in ("", None, {}))
        print(f"{type(scan).__name__}: {shown}")
    return 1 if isinstance(scan, Unknown) else 0
