"""Server handlers: the backend's authoritative re-execution of each named op, by name.

A handler is `(ctx: ServerContext, args) -> None`; it reads and writes the site's entities through
`ctx.store`, refuses with `OpRejected(code, message)` (stored as a rejection, or — for facts — turned
into an exception for a supervisor), and may declare `touches(args)`: the entities a rejected op's
local effects changed on the terminal, which the server then re-sends so the terminal converges.

Which ops the backend knows: every name registered here, plus every name the terminal registers
(`terminal.ops`). A terminal op with no handler here is recorded by the generic handler (the op is
kept in the ops log, it changes no entity); a name neither side knows means the terminal runs newer
code than the backend: the push stops there with 426 and the terminal shows "update needed".
Modules in this package are imported automatically."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.changes import EntityStore
from terminal.errors import OpRejected
from terminal.ops import OpSpec, get_operation

Args = dict[str, Any]


@dataclass
class ServerContext:
    store: EntityStore
    site_id: str
    terminal_id: str
    op_id: str
    at: str       # when the terminal applied the op
    now: str      # when the server applies it
    exceptions: list[dict[str, Any]] = field(default_factory=list)

    def raise_exception(self, kind: str, message: str, *, details: Args | None = None) -> None:
        """Record a conflict for a supervisor (stored with the op, in the same transaction)."""
        self.exceptions.append({"kind": kind, "message": message, "details": details or {}})


HandlerFunc = Callable[[ServerContext, Args], None]
Touches = Callable[[Args], list[tuple[str, str]]]


@dataclass(frozen=True)
class ServerHandler:
    name: str
    func: HandlerFunc
    fact: bool
    touches: Touches | None


_HANDLERS: dict[str, ServerHandler] = {}


def handler(name: str, *, fact: bool = False, touches: Touches | None = None) -> Callable[[HandlerFunc], HandlerFunc]:
    def register(func: HandlerFunc) -> HandlerFunc:
        _HANDLERS[name] = ServerHandler(name, func, fact, touches)
        return func
    return register


def _generic(ctx: ServerContext, args: Args) -> None:
    """A terminal op the server has no dedicated handler for: kept in the ops log, no entity effect."""


_loaded = False


def load_handlers() -> None:
    global _loaded
    if _loaded:
        return
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def resolve(name: str) -> ServerHandler | None:
    """The handler for `name`, the generic one for a terminal-only op, or None for an unknown name."""
    load_handlers()
    found = _HANDLERS.get(name)
    try:
        spec: OpSpec | None = get_operation(name)
    except OpRejected:
        spec = None
    if found is not None:
        return ServerHandler(name, found.func, spec.fact if spec else found.fact, found.touches)
    if spec is not None:
        return ServerHandler(name, _generic, spec.fact, None)
    return None
