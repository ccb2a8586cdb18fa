"""`handoff device emulate-scale [--link PATH]`: a bench scale on a pseudo-terminal, for stations without one.

Prints the pseudo-terminal path on the first line of stdout (point `packing.scale_port` at it or at
`--link`) and streams the continuous protocol (`ST,GS,+  1.234kg`) until Ctrl+C, SIGTERM or the end
of stdin. Each stdin line changes it: a number is the weight in kg (`1.234`) or with a unit (`850g`,
`2lb`); `u` toggles stable/unstable; `garbage` sends noise; `silent` toggles sending at all."""

from __future__ import annotations

import argparse
import re
import sys
import threading
from typing import Any

from terminal.cli import group
from terminal.cli.emulating import announce, stop_on_signal
from terminal.devices.scales.emulator import ScaleEmulator
from terminal.devices.scales.protocol import TO_GRAMS
from terminal.errors import HandoffError

_WEIGHT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(kg|g|lb|oz)?\s*$", re.IGNORECASE)


def register(sub: Any) -> None:
    device = group(sub, "device", "Talk to the devices attached to this terminal.")
    help = "Emulate a bench scale (continuous ASCII output) on a pseudo-terminal."
    emulate = device.add_parser("emulate-scale", help=help, description=help + " Type weights on stdin: 1.234 (kg), "
                                "850g, u (toggle unstable), garbage, silent.")
    emulate.add_argument("--link", help="also make this path a symlink to the pseudo-terminal")
    emulate.add_argument("--grams", type=float, default=0.0, help="starting weight in grams (default 0)")
    emulate.add_argument("--unit", choices=sorted(TO_GRAMS), default="kg", help="unit the scale sends (default kg)")
    emulate.add_argument("--rate", type=float, default=10.0, help="lines per second (default 10)")
    emulate.set_defaults(func=_emulate)


def apply_command(emulator: ScaleEmulator, line: str) -> str:
    """Change the emulator from one typed line; returns what it now sends, or raises HandoffError."""
    text = line.strip().lower()
    if text == "u":
        emulator.set(emulator.grams, not emulator.stable)
    elif text == "garbage":
        emulator.send_garbage()
        return "sent a garbage line"
    elif text == "silent":
        emulator.silent = not emulator.silent
        return "silent" if emulator.silent else "sending again"
    else:
        match = _WEIGHT.match(text)
        if match is None:
            raise HandoffError(f"{line.strip()!r} is not a weight; type e.g. 1.234, 850g, u, garbage or silent.")
        value, unit = float(match.group(1)), (match.group(2) or "kg").lower()
        emulator.set(value * TO_GRAMS[unit], emulator.stable)
    return f"{emulator.grams:.0f} g, {'stable' if emulator.stable else 'unstable'}"


def _emulate(args: argparse.Namespace) -> int:
    if not 0.5 <= args.rate <= 50:
        raise HandoffError("A scale sends 0.5 to 50 lines a second; give --rate in that range.")
    stop = stop_on_signal()
    with ScaleEmulator(grams=args.grams, unit=args.unit, rate_hz=args.rate, link=args.link) as emulator:
        announce(emulator.path, args.link, "a scale", "type weights (1.234, 850g), u, garbage, silent")

        def read_stdin() -> None:
            for line in sys.stdin:
                if not line.strip():
                    continue
                try:
                    print(apply_command(emulator, line), file=sys.stderr, flush=True)
                except HandoffError as exc:
                    print(f"handoff: {exc}", file=sys.stderr, flush=True)
            # stdin closed: keep streaming when it never was a terminal (e.g. started by a service)

        threading.Thread(target=read_stdin, name="scale-stdin", daemon=True).start()
        while not stop.wait(0.2):
            pass
    return 0
