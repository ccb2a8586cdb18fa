"""Server handlers: the backend's authoritative re-execution of each named op, by name.

A handler is `(ctx: ServerContext, args) -> None`; it reads and writes the site's entities through
`ctx.store` and refuses with `OpRejected(code, message)` (stored as a rejection, or — for facts — turned
into an exception for a supervisor). Everything else about an op comes from its ONE declaration on the
terminal side (`terminal.ops.operation`): whether it is a fact, its args model (checked at the door,
before any handler runs), the terminal roles that may issue it, and its footprint — the entities a
rejected op's local effects changed on the terminal, which the server then re-sends so the terminal
converges. There is no second list here.

Which ops the backend knows: every name the terminal declares. A declared op with no handler here is
recorded by the generic handler (the op is kept in the ops log, it changes no entity); a name the
terminal does not declare means it runs newer code than the backend: the push stops there with 426
and the terminal shows "update needed". Modules in this package are imported automatically."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.changes import EntityStore
from terminal.errors import OpRejected
from terminal.opargs import all_fit
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
    role: str = ""   # the pushing terminal's enrolled role
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    movements: int = 0   # stock movements this op has written (backend/handlers/stock.py numbers them)

    def raise_exception(self, kind: str, message: str, *, details: Args | None = None) -> None:
        """Record a conflict for a supervisor (stored with the op, in the same transaction)."""
        self.exceptions.append({"kind": kind, "message": message, "details": details or {}})


HandlerFunc = Callable[[ServerContext, Args], None]
Touches = Callable[[Args], list[tuple[str, str]]]


@dataclass(frozen=True)
class ServerHandler:
    name: str
    func: HandlerFunc
    spec: OpSpec

    @property
    def fact(self) -> bool:
        return self.spec.fact

    def touches(self, args: Args) -> list[tuple[str, str]]:
        """What the op's local effects changed, as far as its args tell (the declared footprint)."""
        return sorted(self.spec.keys(args))

    def all_fit(self, many: list[object]) -> bool:
        """Whether every one of `many` (a batch's args of this op) fits the declaration, in one call."""
        return all_fit(self.spec.args, many)

    def refusal(self, args: object, role: str, *, fits: bool = False) -> tuple[str, str] | None:
        """(code, sentence) when the op may not touch state at all: args that do not fit its declaration,
        or a terminal whose enrolled role may not issue it; None when it may run. `fits`: the args were
        found to fit already (`all_fit`)."""
        problem = None if fits else self.spec.invalid(args)
        if problem:
            return "bad_args", problem
        if role not in self.spec.roles:
            allowed = ", ".join(sorted(self.spec.roles))
            return "role_not_allowed", (f"A {role or 'terminal without a role'} terminal may not send {self.name}; "
                                        f"only {allowed} terminals may. Enrol the terminal with the right role.")
        return None


_HANDLERS: dict[str, HandlerFunc] = {}


def handler(name: str) -> Callable[[HandlerFunc], HandlerFunc]:
    """Register the server's re-implementation of the declared operation `name`."""
    def register(func: HandlerFunc) -> HandlerFunc:
        _HANDLERS[name] = func
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
    """The handler for `name`, the generic one for a terminal-only op, or None for an undeclared name."""
    load_handlers()
    try:
        spec = get_operation(name)
    except OpRejected:
        return None
    return ServerHandler(name, _HANDLERS.get(name, _generic), spec)
