"""`handoff label render|print`: a package's carrier label to a file, or to a printer through the spool.

`print` queues the label (the package's first label, or with `--reason` a recorded reprint) unless
the package already has one waiting for that printer, then sends what waits for that printer. A
printer that is off gives one sentence and exit 2 with the job still queued; it prints on the next
`label print` or when the station retries. A send that broke midway exits 2 as "unknown" and is not
repeated: check the printer, then reprint with `--reason` if the label did not come out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group
from terminal.devices.printers import open_printer
from terminal.errors import HandoffError
from terminal.labels.content import label_for_package, package_for_order
from terminal.labels.spool import pending_jobs, queue_label, send_pending
from terminal.store import open_db

FORMATS = ("zpl", "png", "pdf")


def register(sub: Any) -> None:
    label = group(sub, "label", "Carrier labels: render to a file or print.")
    render = label.add_parser("render", help="Write a package's label as ZPL, PNG or PDF.",
                              description="Write a package's label as ZPL, PNG or PDF.")
    _package_options(render)
    render.add_argument("--format", choices=FORMATS, required=True, help="zpl (for the printer), png or pdf (preview)")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write")
    render.set_defaults(func=_render)

    print_ = label.add_parser("print", help="Print a package's label through the print spool.",
                              description="Print a package's label through the print spool.")
    _package_options(print_)
    print_.add_argument("--printer", required=True, metavar="URI", help="tcp://HOST:PORT, cups:QUEUE or file:PATH")
    print_.add_argument("--reason", help="why the label is printed again (required for a reprint)")
    print_.set_defaults(func=_print)


def _package_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, required=True, help="the terminal database file")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--package", metavar="ID", help="the package id")
    which.add_argument("--order", metavar="REF", help="the order ref (its latest package)")


def _package_id(db: Any, args: argparse.Namespace) -> str:
    return str(args.package) if args.package else package_for_order(db, args.order)


def _render(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    label = label_for_package(db, _package_id(db, args))
    if args.format == "zpl":
        from terminal.labels.zpl import to_zpl_bytes
        data = to_zpl_bytes(label)
    else:
        from terminal.labels.image import render_pdf, render_png
        data = render_png(label) if args.format == "png" else render_pdf(label)
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise HandoffError(f"{args.output} cannot be written ({exc.strerror or exc}).") from None
    print(f"Label of package {label.package_id} ({label.tracking_number}) written to {args.output}.")
    return 0


def _print(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    package_id = _package_id(db, args)
    open_printer(args.printer)                      # a bad address is refused before anything is queued
    waiting = [j for j in pending_jobs(db, package_id=package_id) if j.printer == args.printer]
    unknown = [j for j in waiting if j.status == "unknown"]
    if unknown and not args.reason:
        raise HandoffError(f"The last label for package {package_id} may or may not have printed "
                           f"({unknown[0].last_error}); check the printer, and if it did not come out run this "
                           "again with --reason.")
    resend = [j for j in waiting if j.status != "unknown"]
    if resend and not args.reason:
        job_id = resend[0].id
    else:
        labelled = db.execute("SELECT labelled_at FROM packages WHERE id = ?", (package_id,)).fetchone()
        if labelled is not None and labelled[0] is not None and not (args.reason or "").strip():
            raise HandoffError(f"Package {package_id} already has a label; give --reason to print it again.")
        job_id = queue_label(db, package_id, args.printer, reprint_reason=args.reason)
    outcome = next(o for o in send_pending(db, printer=args.printer) if o.job_id == job_id)
    if outcome.status != "sent":
        raise HandoffError(outcome.message)
    print(f"Label of package {package_id} sent to {args.printer}.")
    return 0
