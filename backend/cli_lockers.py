"""`handoff-backend locker-rules show|set` and `locker-position`: the pickup-window rules of the
locker network (backend/pickup_windows.py) and where each locker stands (backend/capacity.py)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

COMMANDS = ("locker-rules", "locker-position")


def add_parsers(sub: Any, db_arg: Any) -> None:
    rules = sub.add_parser("locker-rules", help="Show or set the pickup-window rules of lockers and parcel services.")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    show = rules_sub.add_parser("show", help="The stored rules, or the rules that apply to one site and service.")
    db_arg(show)
    show.add_argument("--site", default=None, help="show the rules that apply at this site (with --service)")
    show.add_argument("--service", default=None, help="the parcel service (default: none, the site's own rule)")
    show.add_argument("--json", action="store_true")
    put = rules_sub.add_parser("set", help="Create or change the rule of a site and service ('*': every one).")
    db_arg(put)
    put.add_argument("--site", required=True, help="a site id, or '*' for every site")
    put.add_argument("--service", default="*", help="a parcel service, or '*' (default) for every service")
    put.add_argument("--hold-hours", type=float, default=None, help="how long a deposited parcel waits")
    put.add_argument("--max-extensions", type=int, default=None, help="how many times its hold may be extended")
    put.add_argument("--extension-hours", type=float, default=None, help="how much one extension adds")
    put.add_argument("--json", action="store_true")
    where = sub.add_parser("locker-position", help="Set where a locker stands (the nearest one with room is "
                                                   "offered when a locker is full).")
    db_arg(where)
    where.add_argument("--site", required=True)
    where.add_argument("--lat", type=float, required=True, help="latitude in degrees (WGS 84)")
    where.add_argument("--lon", type=float, required=True, help="longitude in degrees (WGS 84)")
    where.add_argument("--json", action="store_true")


def _fail(message: str) -> int:
    print(f"handoff-backend: {message}", file=sys.stderr)
    return 2


def run(engine: Any, args: argparse.Namespace) -> int:
    from backend import auth
    from backend.capacity import set_position
    from backend.locker_schema import ANY
    from backend.pickup_windows import list_rules, rules_for, set_rules

    if args.command == "locker-position":
        try:
            set_position(engine, args.site, args.lat, args.lon)
        except (ValueError, LookupError) as exc:
            return _fail(str(exc))
        answer = {"site_id": args.site, "latitude": args.lat, "longitude": args.lon}
        print(json.dumps(answer) if args.json else f"locker {args.site} stands at {args.lat}, {args.lon}")
        return 0
    if args.rules_command == "show":
        if args.site is None:
            rows = list_rules(engine)
            if args.json:
                print(json.dumps(rows))
            for row in [] if args.json else rows:
                print(f"{row['site_id']:<12} {row['service']:<16} hold {row['hold_hours']:g} h · "
                      f"{row['max_extensions']} extension(s) of {row['extension_hours']:g} h")
            if not rows and not args.json:
                print("no rules stored: every locker holds a parcel 48 h, with one extension of 24 h")
            return 0
        with engine.connect() as conn:
            rules = rules_for(conn, args.site, args.service)
        print(json.dumps(rules.as_dict()) if args.json else
              f"at {args.site} for {args.service or 'any service'}: hold {rules.hold_hours:g} h, "
              f"{rules.max_extensions} extension(s) of {rules.extension_hours:g} h "
              f"(rule of site {rules.site_id}, service {rules.service})")
        return 0
    if args.site != ANY and not auth.site_exists(engine, args.site):
        return _fail(f"there is no site {args.site!r}.")
    try:
        rules = set_rules(engine, args.site, args.service, hold_hours=args.hold_hours,
                          max_extensions=args.max_extensions, extension_hours=args.extension_hours)
    except ValueError as exc:
        return _fail(str(exc))
    print(json.dumps(rules.as_dict()) if args.json else
          f"at {args.site} for {args.service}: hold {rules.hold_hours:g} h, {rules.max_extensions} extension(s) "
          f"of {rules.extension_hours:g} h")
    return 0
