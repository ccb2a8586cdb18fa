"""`handoff route --layout FILE --algorithm optimal|s-shape|largest-gap [--json] LOC [LOC ...]`.

Prints `{"algorithm": …, "distance_m": float, "sequence": [LOC, …]}`: every input location once, in
walking order (a code given twice appears twice, next to itself); `distance_m` is depot → sequence →
depot under layout-v1, computed from the sequence itself."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.catalog.layout import load_layout
from terminal.cli import print_json
from terminal.picking.routing import ALGORITHMS, route_codes


def register(sub: Any) -> None:
    help = "Order pick locations into the shortest walk from the depot and back."
    parser = sub.add_parser("route", help=help, description=help)
    parser.add_argument("--layout", type=Path, required=True, help="the layout-v1 TOML file")
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="optimal", help="routing method")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("locations", nargs="+", metavar="LOC", help="location codes to visit")
    parser.set_defaults(func=_route)


def _route(args: argparse.Namespace) -> int:
    layout = load_layout(args.layout)
    route = route_codes(layout, args.locations, args.algorithm)
    result = {"algorithm": route.algorithm, "distance_m": round(route.distance_m, 3), "sequence": route.sequence}
    if args.json:
        print_json(result)
    else:
        print(f"{route.algorithm}: {result['distance_m']} m")
        for step, code in enumerate(route.sequence, 1):
            print(f"{step:3d}. {code}")
    return 0
