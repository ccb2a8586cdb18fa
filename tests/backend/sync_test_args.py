"""Args models of the test-only ops (conftest.py). They live in a module of their own name: msgspec
resolves the postponed annotations through the defining module, and pytest has several `conftest`s."""

from __future__ import annotations

from terminal.opargs import Id, OpArgs


class StockArgs(OpArgs):
    location: Id
    sku: Id
    qty: int
    delta: int | None = None   # test_sync_invariants sends one args dict to both test ops


class CountedArgs(OpArgs):
    location: Id
    sku: Id
    delta: int
    qty: int | None = None


class DepositedArgs(OpArgs):
    parcel_id: Id
    compartment_id: Id


class NeedsLocalRowArgs(OpArgs):
    n: int
