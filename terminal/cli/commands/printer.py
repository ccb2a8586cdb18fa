"""`handoff device printer test --printer URI`: send a test label straight to a printer (no database)."""

from __future__ import annotations

import argparse
from typing import Any

from terminal.cli import group
from terminal.devices.printers import open_printer
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


def _test(args: argparse.Namespace) -> int:
    open_printer(args.printer).send(to_zpl_bytes(sample_label()))
    print(f"Test label sent to {args.printer}.")
    return 0
