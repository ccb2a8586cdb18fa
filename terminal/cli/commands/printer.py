"""`handoff device printer test --printer URI`: send a test label straight to a printer (no database).

`handoff device emulate-printer [--port N] [--spool DIR]`: a raw-9100 printer on 127.0.0.1 that keeps
each label (as .zpl in DIR); prints its tcp:// URI on the first line and runs until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from terminal.cli import group
from terminal.cli.emulating import announce, stop_on_signal
from terminal.devices.printers import open_printer
from terminal.devices.printers.emulator import PrinterServer
from terminal.errors import HandoffError
from terminal.labels.content import sample_label
from terminal.labels.zpl import to_zpl_bytes


def register(sub: Any) -> None:
    device = group(sub, "device", "Talk to the devices attached to this terminal.")
    printer = group(device, "printer", "Label printers (ZPL II over raw TCP, CUPS or a file).")
    test = printer.add_parser("test", help="Print a test label (4x6 in, Polish letters, both barcodes).",
                              description="Print a test label (4x6 in, Polish letters, both barcodes).")
    test.add_argument("--printer", required=True, metavar="URI",
                      help="tcp://HOST:PORT (port 9100 by default), cups:QUEUE or file:PATH")
    test.set_defaults(func=_test)

    emulate = device.add_parser(
        "emulate-printer", help="Emulate a raw-9100 label printer on 127.0.0.1.",
        description="Emulate a raw-9100 label printer on 127.0.0.1 until Ctrl+C; the first line of output is "
                    "its tcp:// address for packing.printer.")
    emulate.add_argument("--port", type=int, default=0, help="TCP port to listen on (default: any free one)")
    emulate.add_argument("--spool", type=Path, help="folder where each label is kept as a .zpl file")
    emulate.set_defaults(func=_emulate)


def _emulate(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise HandoffError(f"--port must be 0–65535 (0: any free port), not {args.port}.")
    stop = stop_on_signal()
    try:
        server = PrinterServer(args.port, spool=args.spool)
    except OSError as exc:
        raise HandoffError(f"Port {args.port} cannot be used for the printer ({exc.strerror or exc}); "
                           "give another --port or 0 for any free one.") from None
    try:
        announce(server.uri, None, "a label printer", f"labels kept in {args.spool}" if args.spool else "")
        while not stop.wait(0.5):
            pass
    finally:
        server.close()
    return 0


def _test(args: argparse.Namespace) -> int:
    open_printer(args.printer).send(to_zpl_bytes(sample_label()))
    print(f"Test label sent to {args.printer}.")
    return 0
