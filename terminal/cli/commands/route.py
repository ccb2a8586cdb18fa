"""`handoff route --layout FILE --algorithm optimal|s-shape|largest-gap [--budget-ms MS] [--json] LOC [LOC ...]`.

Prints `{"algorithm": …, "distance_m": float, "sequence": [LOC, …], "optimal": bool,
"lower_bound_m": float | null}`: every input location once, in walking order (a code given twice
appears twice, next to itself); `distance_m` is depot → sequence → depot under layout-v1, computed
from the sequence itself. `optimal` is true only for a proven shortest route; when the time budget
(`--budget-ms`, else the setting `picking.route_budget_ms`) runs out first, the route is the best
one found, `optimal` is false and `lower_bound_m` is the proven bound (no route is shorter)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.catalog.layout import load_layout
from terminal.cli import print_json
from terminal.config import load_settings
from terminal.picking.batching import route_budget_ms
from terminal.picking.routing import ALGORITHMS, route_codes


def _milliseconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:        # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a time budget; give 0 or more milliseconds, e.g. 200")
    return value


def register(sub: Any) -> None:
    help = "Order pick locations into the shortest walk from the depot and back."
    parser = sub.add_parser("route", help=help, description=help)
    parser.add_argument("--layout", type=Path, required=True, help="the layout-v1 TOML file")
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="optimal", help="routing method")
    parser.add_argument("--budget-ms", type=_milliseconds, default=None,
                        help="time budget of the proven optimum (default: setting picking.route_budget_ms)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("locations", nargs="+", metavar="LOC", help="location codes to visit")
    parser.set_defaults(func=_route)


def _route(args: argparse.Namespace) -> int:
    layout = load_layout(args.layout)
    budget = args.budget_ms if args.budget_ms is not None else route_budget_ms(load_settings())
    route = route_codes(layout, args.locations, args.algorithm, budget)
    bound = None if route.lower_bound_m is None else round(route.lower_bound_m, 3)
    result = {"algorithm": route.algorithm, "distance_m": round(route.distance_m, 3), "sequence": route.sequence,
              "optimal": route.optimal, "lower_bound_m": bound}
    if args.json:
        print_json(result)
    else:
        proof = ("proven optimal" if route.optimal
                 else f"not proven optimal; no route is shorter than {bound} m" if bound is not None else "baseline")
        print(f"{route.algorithm}: {result['distance_m']} m ({proof})")
        for step, code in enumerate(route.sequence, 1):
            print(f"{step:3d}. {code}")
    return 0
