"""`handoff-backend serve | migrate | enroll-code | revoke | rotate-site-key | integration-token | seed | stats |
support`, and the locker network's `locker-rules` and `locker-position` (backend/cli_lockers.py)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from backend import cli_faces as faces
from backend.cli_lockers import COMMANDS as LOCKER_COMMANDS
from backend.cli_lockers import add_parsers as add_locker_parsers
from backend.db import make_engine, migrate, normalise_url
from backend.support_cli import add_parsers as add_support_parsers
from backend.support_cli import run as run_support
from terminal.sync.protocol import TERMINAL_ROLES

DEFAULT_DB = "sqlite:///handoff-backend.db"
WORKER_DB_ENV = "HANDOFF_BACKEND_WORKER_DB"
WORKER_OPTIONS_ENV = "HANDOFF_BACKEND_WORKER_OPTIONS"


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB,
                        help="sqlite:///PATH (default) or postgresql://user:pass@host/db (psycopg 3)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handoff-backend", description="The Handoff sync backend.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="Serve sync-v1 and the integration API over HTTP.")
    _db_arg(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--workers", type=int, default=1,
                       help="uvicorn worker processes; on PostgreSQL several share the load (not on SQLite)")
    serve.add_argument("--tls-cert", type=Path, default=None, help="serve HTTPS with this PEM certificate chain")
    serve.add_argument("--tls-key", type=Path, default=None, help="the private key of --tls-cert (PEM)")
    serve.add_argument("--docs", action="store_true", help="also serve /docs and /openapi.json (off by default)")
    serve.add_argument("--enroll-per-minute", type=int, default=10,
                       help="enrolment attempts a client address may make per minute (then 429)")
    serve.add_argument("--open-per-minute", type=int, default=60,
                       help="requests a client address may make per minute to other unauthenticated routes")
    serve.add_argument("--notification-retention-hours", type=float, default=1.0,
                       help="how long the (code-free) log row of a delivered notification is kept")
    serve.add_argument("--notify-config", type=Path, default=None, metavar="FILE.toml",
                       help="send recipients' messages (e-mail, SMS, apprise) and the shop's signed events "
                            "through the channels in this file (docs/INTEGRATION.md); needs --notification-key-file")
    serve.add_argument("--notification-key-file", type=Path, default=None, metavar="FILE",
                       help="the key pickup codes are sealed with until they are sent (made, mode 0600, "
                            "when missing; keep it out of the database's backups)")
    mig = sub.add_parser("migrate", help="Create or upgrade the backend's tables.")
    _db_arg(mig)
    code = sub.add_parser("enroll-code", help="Make a single-use enrollment code for a terminal of a site.")
    _db_arg(code)
    code.add_argument("--site", required=True)
    code.add_argument("--role", required=True, help=" or ".join(TERMINAL_ROLES))
    code.add_argument("--kind", choices=("warehouse", "locker"), default=None,
                      help="site kind when the site is new (default: locker for kiosks, else warehouse)")
    code.add_argument("--hours", type=float, default=24.0, help="how long the code stays valid")
    code.add_argument("--json", action="store_true")
    rev = sub.add_parser("revoke", help="Refuse a terminal's token (or every terminal of a site) from now on.")
    _db_arg(rev)
    which = rev.add_mutually_exclusive_group(required=True)
    which.add_argument("--terminal", metavar="ID", help="the terminal id (handoff sync status shows it)")
    which.add_argument("--site", metavar="SITE", help="every terminal of this site")
    rev.add_argument("--json", action="store_true")
    rot = sub.add_parser("rotate-site-key", help="Give a site a new HMAC key; its terminals must enrol again.")
    _db_arg(rot)
    rot.add_argument("--site", required=True)
    rot.add_argument("--json", action="store_true")
    tok = sub.add_parser("integration-token", help="Make a token for the marketplace endpoints.")
    _db_arg(tok)
    tok.add_argument("--name", default="marketplace")
    tok.add_argument("--json", action="store_true")
    seed = sub.add_parser("seed", help="Load a site's master data from a terminal database (demo, migration).")
    _db_arg(seed)
    seed.add_argument("--site", required=True)
    seed.add_argument("--from-db", type=Path, required=True, help="a Handoff terminal database file")
    seed.add_argument("--site-key-file", type=Path, default=None,
                      help="use this hex key file as the site's HMAC key when the site is new")
    seed.add_argument("--json", action="store_true")
    stats = sub.add_parser("stats", help="The fleet statistics behind /v1/stats.")
    stats_sub = stats.add_subparsers(dest="stats_command", required=True, metavar="COMMAND")
    rebuild = stats_sub.add_parser("rebuild", help="Rebuild the stats projection from the ops log, sites in parallel.")
    project = stats_sub.add_parser("project", help="Bring the stats projection up to the ops log (what every "
                                                   "serve process does in the background), sites in parallel.")
    for command in (rebuild, project):
        _db_arg(command)
        command.add_argument("--site", default=None, help="only this site (default: every site)")
        command.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="sites worked on at once")
        command.add_argument("--json", action="store_true", help="(the summary is JSON in any case)")
    project.add_argument("--chunk", type=int, default=5000,
                         help="ops projected per transaction (each commits the position with the parts)")
    project.add_argument("--pause", type=float, default=0.0,
                         help="seconds to rest between chunks, to spare a busy store")
    add_locker_parsers(sub, _db_arg)
    add_support_parsers(sub, _db_arg)
    faces.add_parsers(sub, _db_arg)
    return parser


def worker_app() -> Any:
    """The app of one `serve --workers N` worker process (uvicorn calls this in each worker)."""
    from backend.app import create_app

    return create_app(os.environ[WORKER_DB_ENV], **_app_options(json.loads(os.environ.get(WORKER_OPTIONS_ENV, "{}"))))


def _app_options(options: dict[str, Any]) -> dict[str, Any]:
    """create_app's keyword arguments from the serve options (a dict, so workers get them as JSON)."""
    from datetime import timedelta

    from backend.notify_config import load
    from backend.notify_seal import load_or_make_key
    from backend.ratelimit import Limits

    config_file, key_file = options.get("notify_config"), options.get("notification_key_file")
    return {"notify_config": load(Path(config_file)) if config_file else None,
            "notification_key": load_or_make_key(Path(key_file)) if key_file else None,
            "docs": options.get("docs", False),
            "limits": Limits(enroll_per_minute=options.get("enroll_per_minute", 10),
                             open_per_minute=options.get("open_per_minute", 60)),
            "notification_retention": timedelta(hours=options.get("notification_retention_hours", 1.0))}


def main(argv: Sequence[str] | None = None) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    args = build_parser().parse_args(argv)
    try:
        sys.exit(_run(args))
    except KeyboardInterrupt:
        sys.exit(130)
    except (SQLAlchemyError, ImportError) as exc:
        # one sentence, never a traceback; the password in the URL is not repeated
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"handoff-backend: the database {_shown(args.db)} cannot be used ({reason}).", file=sys.stderr)
        sys.exit(2)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _stats_run(url: str, engine: Any, args: argparse.Namespace) -> int:
    from backend.stats import StatsRefused, run_sites
    from backend.stats_projector import Step

    if args.jobs < 1 or (args.stats_command == "project" and (args.chunk < 1 or args.pause < 0)):
        print("handoff-backend: --jobs and --chunk need 1 or more, --pause 0 or more.", file=sys.stderr)
        return 2

    def bar(done: int, total: int, step: Step) -> None:
        filled = round(30 * done / total)
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} sites · {step.site_id}: {step.done.ops} ops",
              end="\n" if done == total else "", file=sys.stderr, flush=True)

    fresh = args.stats_command == "rebuild"
    try:
        results = run_sites(url, engine, args.site, args.jobs, fresh, chunk=None if fresh else args.chunk,
                            pause=0.0 if fresh else args.pause, progress=bar)
    except StatsRefused as exc:
        print(f"handoff-backend: {exc.message}", file=sys.stderr)
        return 2
    print(json.dumps({site: {"ops": r.done.ops, "changes": r.done.changes, "unreplayed": r.done.unreplayed,
                             "replay_errors": r.done.replay_errors, "hours": r.hours}
                      for site, r in sorted(results.items())}))
    return 0


def _run(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from backend import auth

    url = normalise_url(args.db)
    if not url.startswith(("sqlite:", "postgresql+psycopg:")):
        print("handoff-backend: --db must be sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB,"
              f" not {_shown(args.db)}.", file=sys.stderr)
        return 2
    if args.command == "serve":
        import logging

        import uvicorn

        from backend.app import create_app

        logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
        if args.workers < 1:
            print("handoff-backend: --workers needs 1 or more.", file=sys.stderr)
            return 2
        tls = _tls_options(args)
        if tls is None:
            return 2
        options = {"docs": args.docs, "enroll_per_minute": args.enroll_per_minute,
                   "open_per_minute": args.open_per_minute,
                   "notification_retention_hours": args.notification_retention_hours,
                   "notify_config": str(args.notify_config) if args.notify_config else None,
                   "notification_key_file": str(args.notification_key_file) if args.notification_key_file else None}
        problem = _notify_problem(options)
        if problem:
            print(f"handoff-backend: {problem}", file=sys.stderr)
            return 2
        if args.workers == 1:
            uvicorn.run(create_app(url, **_app_options(options)), host=args.host,
                        port=args.port, log_level=args.log_level, **tls)
            return 0
        # Worker processes import the app themselves, so it is named by a factory that reads the URL here;
        # migrating once first keeps the workers from racing each other through the migrations.
        migrate(make_engine(url))
        os.environ[WORKER_DB_ENV] = url
        os.environ[WORKER_OPTIONS_ENV] = json.dumps(options)
        uvicorn.run("backend.cli:worker_app", factory=True, workers=args.workers, host=args.host, port=args.port,
                    log_level=args.log_level, **tls)
        return 0
    engine = make_engine(url)
    applied = migrate(engine)
    if args.command == "migrate":
        print(json.dumps({"applied": applied}))
    elif args.command == "enroll-code":
        if args.role not in TERMINAL_ROLES:
            print(f"handoff-backend: a terminal role is one of {', '.join(TERMINAL_ROLES)}, not {args.role!r}.",
                  file=sys.stderr)
            return 2
        kind = args.kind or ("locker" if args.role == "kiosk" else "warehouse")
        code, expires = auth.make_enrollment_code(engine, args.site, args.role, kind=kind,
                                                  ttl=timedelta(hours=args.hours))
        if args.json:
            print(json.dumps({"code": code, "site": args.site, "role": args.role, "expires_at": expires}))
        else:
            print(code)
    elif args.command in ("revoke", "rotate-site-key"):
        return _revoke_or_rotate(engine, args)
    elif args.command == "integration-token":
        token = auth.make_integration_token(engine, args.name)
        print(json.dumps({"token": token}) if args.json else token)
    elif args.command == "stats":
        return _stats_run(url, engine, args)
    elif args.command in LOCKER_COMMANDS:
        from backend.cli_lockers import run as run_locker_command

        return run_locker_command(engine, args)
    elif args.command == "support":
        return run_support(engine, args)
    elif args.command in faces.COMMANDS:
        return faces.run(engine, args)
    elif args.command == "seed":
        from backend.badges import BadgeKeyMismatch
        from backend.seed import seed_from_terminal_db

        if not args.from_db.exists():
            print(f"handoff-backend: there is no database at {args.from_db}.", file=sys.stderr)
            return 2
        try:
            key = bytes.fromhex(args.site_key_file.read_text().strip()) if args.site_key_file else None
            counts = seed_from_terminal_db(engine, args.site, args.from_db, key=key)
        except sqlite3.DatabaseError as exc:
            print(f"handoff-backend: {args.from_db} cannot be read ({exc}).", file=sys.stderr)
            return 2
        except BadgeKeyMismatch as exc:
            print(f"handoff-backend: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(counts) if args.json else ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def _notify_problem(options: dict[str, Any]) -> str | None:
    """A sentence when --notify-config / --notification-key-file cannot be used, before serving."""
    from backend.notify_config import NotifyConfigError
    from backend.notify_seal import KeyFileError

    if options["notify_config"] and not options["notification_key_file"]:
        return "--notify-config needs --notification-key-file (the key pickup codes are sealed with)."
    try:
        _app_options(options)
    except (NotifyConfigError, KeyFileError) as exc:
        return str(exc)
    return None


def _tls_options(args: argparse.Namespace) -> dict[str, str] | None:
    """uvicorn's ssl options from --tls-cert/--tls-key (both or neither); None after a sentence."""
    if (args.tls_cert is None) != (args.tls_key is None):
        print("handoff-backend: --tls-cert and --tls-key go together (a certificate and its key).", file=sys.stderr)
        return None
    if args.tls_cert is None:
        return {}
    for path in (args.tls_cert, args.tls_key):
        if not path.is_file():
            print(f"handoff-backend: there is no file {path} for TLS.", file=sys.stderr)
            return None
    return {"ssl_certfile": str(args.tls_cert), "ssl_keyfile": str(args.tls_key)}


def _revoke_or_rotate(engine: Any, args: argparse.Namespace) -> int:
    from backend import auth

    if args.command == "revoke" and args.terminal is not None:
        if not auth.terminal_exists(engine, args.terminal):
            print(f"handoff-backend: there is no terminal {args.terminal!r}.", file=sys.stderr)
            return 2
        result: dict[str, Any] = {"revoked": auth.revoke(engine, terminal_id=args.terminal)}
    elif not auth.site_exists(engine, args.site):
        print(f"handoff-backend: there is no site {args.site!r}.", file=sys.stderr)
        return 2
    elif args.command == "revoke":
        result = {"revoked": auth.revoke(engine, site_id=args.site)}
    else:
        result = auth.rotate_site_key(engine, args.site)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"revoked {len(result['revoked'])} terminal(s): {', '.join(result['revoked']) or '-'}")
    if args.command == "rotate-site-key":
        print(f"site {args.site} now uses key version {result['key_version']}; enrol its terminals again.")
        if result["reissue"]:
            print("parcels still waiting whose codes must be re-issued (announce them again): "
                  + ", ".join(result["reissue"]))
    return 0


if __name__ == "__main__":
    main()
