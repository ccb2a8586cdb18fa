"""What the picker's screen shows of a pick session at one moment, as an immutable snapshot.

The session is a state machine that only the database worker touches; after each step the worker
takes a `PickView` and hands that to the GUI thread, which never reads the live session (so a
refresh on the worker can never change what the screen is half-way through drawing)."""

from __future__ import annotations

from dataclasses import dataclass

from terminal.catalog.layout import Layout
from terminal.errors import HandoffError
from terminal.picking.session import PickSession, SlotView, TaskView
from terminal.sentences import Say


@dataclass(frozen=True)
class PickView:
    state: str
    batch_id: str | None
    distance_m: float | None
    slots: tuple[SlotView, ...]
    tasks: tuple[TaskView, ...]
    prompt: Say
    position: str | None            # where the picker last picked (None: at the depot)
    layout: Layout | None           # None when the site has no usable layout

    def current_task(self) -> TaskView | None:
        return next((t for t in self.tasks if t.status == "open"), None)

    def unbound_slot(self) -> SlotView | None:
        return next((s for s in self.slots if s.tote_code is None and s.order_status != "cancelled"), None)

    def progress(self) -> tuple[int, int]:
        """(tasks finished, all tasks) of the batch."""
        return sum(t.status != "open" for t in self.tasks), len(self.tasks)

    def route(self) -> list[str]:
        return [t.location_code for t in self.tasks]


def snapshot(session: PickSession) -> PickView:
    """The session as it is now (call on the thread that drives the session)."""
    try:
        layout: Layout | None = session.layout
    except HandoffError:
        layout = None
    return PickView(session.state, session.batch_id, session.distance_m, tuple(session.slots), tuple(session.tasks),
                    session.prompt_say(), session.position(), layout)
