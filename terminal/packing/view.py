"""What the packer's screen shows of a pack session at one moment, as an immutable snapshot.

The session is a state machine that only the database worker drives; after each step the worker
takes a `PackView` for the GUI thread, which never reads the live session."""

from __future__ import annotations

from dataclasses import dataclass

from terminal.packing.cartonize import Box
from terminal.packing.session import OrderView, PackageView, PackSession
from terminal.packing.verify import LineToVerify
from terminal.packing.weighing import WeightCheck
from terminal.sentences import Say


@dataclass(frozen=True)
class PackView:
    state: str
    order: OrderView | None
    lines: tuple[LineToVerify, ...]
    box: Box | None
    check: WeightCheck | None
    last_package: PackageView | None
    prompt: Say
    expected_weight_g: int | None
    tolerance_g: int | None
    locker_size: str | None


def snapshot(session: PackSession) -> PackView:
    """The session as it is now (call on the thread that drives the session; reads no database)."""
    return PackView(session.state, session.order, tuple(session.lines), session.box, session.check,
                    session.last_package, session.prompt_say(), session.expected_weight_g(), session.tolerance(),
                    session.locker_size())
