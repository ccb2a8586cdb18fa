"""Fixtures for backend and sync tests: a live backend per store (SQLite, and PostgreSQL when
HANDOFF_TEST_PG_URL is set), enrolled terminals, and test-only named ops on both sides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sync_live import STORES, LiveServer, Terminal, database_url, enrol, seed_catalogue
from sync_test_args import CountedArgs, DepositedArgs, StockArgs

from backend.handlers import Args, ServerContext, handler
from terminal.clock import FixedClock
from terminal.ops import OpContext, operation, require
from terminal.store import schema_version
from terminal.sync import state
from terminal.sync.state import load_token

SITE = "WH1"


def _stock_key(args: Args, result: Args) -> list[tuple[str, str]]:
    return [("inventory", f"{args['location']}|{args['sku']}")]


# Test-only ops, registered on both sides under names no capability uses.
@operation("SyncTestStockSet", args=StockArgs, footprint=_stock_key)
def _stock_set_terminal(ctx: OpContext, args: Args) -> Args:
    require(args["qty"] >= 0, "negative_qty", "Quantity cannot be negative.")
    ctx.db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, ?)"
                   " ON CONFLICT(location_code, sku_code) DO UPDATE SET qty = excluded.qty",
                   (args["location"], args["sku"], args["qty"]))
    return {}


@handler("SyncTestStockSet")
def _stock_set_server(ctx: ServerContext, args: Args) -> None:
    require(args["qty"] >= 0, "negative_qty", "Quantity cannot be negative.")
    require(args["qty"] != 13, "unlucky", "The server refuses 13 (test rule).")
    ctx.store.upsert("inventory", {"location_code": args["location"], "sku_code": args["sku"], "qty": args["qty"]})


@operation("SyncTestCounted", args=CountedArgs, footprint=_stock_key)
def _counted_terminal(ctx: OpContext, args: Args) -> Args:
    ctx.db.execute("UPDATE inventory SET qty = qty + ? WHERE location_code = ? AND sku_code = ?",
                   (args["delta"], args["location"], args["sku"]))
    return {}


@handler("SyncTestCounted")
def _counted_server(ctx: ServerContext, args: Args) -> None:
    key = f"{args['location']}|{args['sku']}"
    row = ctx.store.get("inventory", key)
    require(row is not None, "unknown_stock", "No such stock row.")
    assert row is not None
    row["qty"] += args["delta"]
    ctx.store.upsert("inventory", row)


@operation("SyncTestDeposited", args=DepositedArgs, fact=True,
           footprint=lambda a, r: [("parcel", a["parcel_id"])])
def _deposited_terminal(ctx: OpContext, args: Args) -> Args:
    ctx.db.execute("UPDATE parcels SET status = 'deposited', compartment_id = ?, deposited_at = ? WHERE id = ?",
                   (args["compartment_id"], ctx.at, args["parcel_id"]))
    return {}


@handler("SyncTestDeposited")
def _deposited_server(ctx: ServerContext, args: Args) -> None:
    parcel = ctx.store.get("parcel", args["parcel_id"])
    require(parcel is not None, "unknown_parcel", "The parcel is not announced here.")
    assert parcel is not None
    occupant = ctx.store.get("occupancy", args["compartment_id"])
    require(occupant is None or occupant["parcel_id"] == parcel["id"], "compartment_occupied",
            f"Compartment {args['compartment_id']} already holds parcel {occupant and occupant['parcel_id']}.")
    parcel.update(status="deposited", compartment_id=args["compartment_id"], deposited_at=ctx.at)
    ctx.store.upsert("parcel", parcel)
    ctx.store.upsert("occupancy", {"parcel_id": parcel["id"]}, key=args["compartment_id"])


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def server(store_url: str) -> Iterator[LiveServer]:
    live = LiveServer(store_url).start()
    yield live
    live.stop()


@pytest.fixture
def terminal(server: LiveServer, tmp_path: Path) -> Iterator[Terminal]:
    seed_catalogue(server.app.state.engine)
    term = enrol(server, tmp_path / "t1.db")
    yield term
    term.db.close()


@pytest.fixture
def api(terminal: Terminal, server: LiveServer) -> Iterator[tuple[httpx.Client, dict[str, Any]]]:
    """A client holding `terminal`'s token, and an empty push body of that terminal, for raw requests."""
    token = load_token(terminal.path.parent / "t1.db.synctoken")
    client = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
    body = {"protocol": 1, "terminal_id": state.get(terminal.db, "terminal_id"),
            "schema_version": schema_version(terminal.db), "app_version": "t", "ops": []}
    yield client, body
    client.close()


@pytest.fixture
def backend_clock() -> FixedClock:
    """The clock of `clocked_server`: a test moves the backend's time by hand (fleet health)."""
    return FixedClock()


@pytest.fixture
def clocked_server(store_url: str, backend_clock: FixedClock) -> Iterator[LiveServer]:
    live = LiveServer(store_url, clock=backend_clock).start()
    yield live
    live.stop()
