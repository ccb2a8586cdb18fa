"""Issue 13, "Done when": a stateful property test of sync against a real backend through a fault proxy.

One terminal (pack station + picker cart + locker kiosk on one database) does the work the shift
simulator does — logins, picking, packing, labels, exceptions — and the kiosk's deposits, pickups,
expiries and returns; the marketplace sends, re-sends and cancels orders and announces parcels; the
network drops requests and answers, resets, truncates, delays and duplicates; pulls are cut after
any page; the terminal is restarted, SIGKILLed during a `handoff sync now`, and restored from an
older backup the way docs/OPERATIONS.md says. The machine checks sync-v1's promises:

* `monotonic`   — after every network/sync/restart step no person-visible local effect went backwards;
* `converges`   — after quiescence (faults off, sync until clean) the terminal's entities equal the server's;
* `exactly_once` — every op the terminal has is on the server exactly once by op_id, and none twice;
* `clean_sync`  — with the faults off, a sync always completes (within a few cycles) and empties the outbox.

Each invariant runs as its own test so a failing one can be marked alone; the machine is the same."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fault_proxy import FAULTS, FaultProxy
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sync_compare import assert_same
from sync_live import LiveServer, Terminal
from sync_machine_world import START, Marketplace, new_site, regressions, server_op_ids, template, visible

from terminal.cli import run
from terminal.clock import FixedClock
from terminal.lockers import codes
from terminal.lockers.deposit import collect, deposit, to_collect
from terminal.lockers.kiosk import LockerKiosk, LockerRefused
from terminal.lockers.pickup import pickup_by_code
from terminal.stats.simulate import SimBoards, SimConfig, Simulation, simulate_shift
from terminal.store import open_db
from terminal.store.backup import backup_to
from terminal.sync import state
from terminal.sync.client import SyncClient, SyncError
from terminal.sync.cycle import push_all, sync_once
from terminal.sync.outbox import pending_count

ROOT = Path(__file__).resolve().parents[2]
INVARIANTS = ("monotonic", "converges", "exactly_once", "clean_sync")
_sites = itertools.count(1)

#: CI: a fixed set of examples and no shrinking (a known failure should cost seconds, not minutes);
#: SYNC_MACHINE_SHRINK=1 shrinks a failure to its smallest example
_PHASES = tuple(Phase) if os.environ.get("SYNC_MACHINE_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
FAST = settings(max_examples=int(os.environ.get("SYNC_MACHINE_EXAMPLES", "15")), stateful_step_count=16,
                deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                phases=_PHASES)
LONG = settings(max_examples=60, stateful_step_count=40, deadline=None, suppress_health_check=list(HealthCheck))


class Broken(AssertionError):
    """A promise of sync-v1 the machine saw broken."""


class SyncMachine(RuleBasedStateMachine):
    server: LiveServer
    proxy: FaultProxy
    folder: Path
    template_path: Path
    enforce: frozenset[str] = frozenset(INVARIANTS)

    def __init__(self) -> None:
        super().__init__()
        self.site = f"LKM{next(_sites):04d}"
        self.proxy.clear()
        self.term: Terminal = new_site(self.server, self.proxy.url, self.folder, self.template_path, self.site)
        self.market = Marketplace(self.server, self.site)
        self.clock = FixedClock(START)
        self.backups: list[Path] = []
        self.known_ops: set[str] = set()
        self.orders = itertools.count(1)
        self.parcels = itertools.count(1)
        self.term.db.close()          # enrol's own connection: a restore must not find it open
        self._open()
        assert self._sync(page_size=1000), "the first sync of a new site failed"
        self.seen = visible(self.db)

    # -- plumbing ------------------------------------------------------------------------------------
    @property
    def db(self) -> Any:
        return self.term.db

    def _open(self) -> None:
        self.term.db = open_db(self.term.path)
        self.closed = False
        sim = Simulation(self.db, self.term.path, SimConfig(door_fail_p=0.0), self.clock, self.term.settings)
        key = codes.load_site_key(codes.key_path(self.term.settings, self.term.path), create=False)
        self.kiosk = LockerKiosk(self.db, SimBoards(sim), settings=self.term.settings, key=key, clock=self.clock,
                                 site_id=self.site)

    def _close(self) -> None:
        self.kiosk.stop()
        self.db.close()
        self.closed = True

    def broken(self, invariant: str, message: str) -> None:
        if invariant in self.enforce:
            raise Broken(f"{invariant}: {message}")

    def _client(self) -> SyncClient:
        token = state.load_token(state.token_path(self.term.settings, self.term.path))
        return SyncClient(self.proxy.url, token, timeout_s=5.0)

    def _sync(self, **kwargs: Any) -> bool:
        try:
            with self._client() as client:
                sync_once(self.db, client, clock=self.clock, **kwargs)
            return True
        except SyncError:
            return False

    def _local(self) -> None:
        """A person acted: what they see now is the new baseline (a recount may take packed units back)."""
        self.known_ops |= {r[0] for r in self.db.execute("SELECT op_id FROM outbox").fetchall()}
        self.seen = visible(self.db)

    # -- local work, the way production does it ------------------------------------------------------------
    @rule(minutes=st.integers(3, 25), seed=st.integers(0, 50))
    def shift(self, minutes: int, seed: int) -> None:
        config = SimConfig(pickers=1, packers=1, hours=minutes / 60, seed=seed, start=self.clock.now(),
                           courier_every_min=10.0**6)   # the kiosk rules below drive the locker
        simulate_shift(self.db, self.term.path, config, settings=self.term.settings, clock=self.clock)
        self._local()

    @rule()
    def deposit_parcel(self) -> None:
        row = self.db.execute("SELECT tracking_number FROM parcels WHERE status = 'announced' AND kind = 'delivery'"
                              " ORDER BY tracking_number LIMIT 1").fetchone()
        if row is not None:
            with contextlib.suppress(LockerRefused):
                deposit(self.kiosk, "courier", row[0])
        self._local()

    @rule()
    def pickup_parcel(self) -> None:
        for tracking, status in self.db.execute("SELECT tracking_number, status FROM parcels").fetchall():
            code = self.market.pickup_code(tracking) if status == "deposited" else None
            if code and tracking in self.market.parcels:
                with contextlib.suppress(LockerRefused):
                    pickup_by_code(self.kiosk, self.market.parcels[tracking], code)
                break
        self._local()

    @rule()
    def expire_and_collect(self) -> None:
        self.clock.set(self.clock.now() + timedelta(hours=49))
        for item in to_collect(self.kiosk):
            with contextlib.suppress(LockerRefused):
                collect(self.kiosk, "courier", str(item["parcel_id"]))
        self._local()

    # -- the marketplace ---------------------------------------------------------------------------------------
    @rule(sku=st.integers(0, 11), qty=st.integers(1, 3))
    def new_order(self, sku: int, qty: int) -> None:
        self.market.order(f"M{next(self.orders):04d}", sku=sku, qty=qty)

    @precondition(lambda self: bool(self.market.orders))
    @rule(data=st.data(), cancel=st.booleans())
    def resend_or_cancel_order(self, data: st.DataObject, cancel: bool) -> None:
        external_id = data.draw(st.sampled_from(sorted(self.market.orders)))
        body = self.market.orders[external_id]
        self.market.order(external_id, sku=int(body["lines"][0]["sku_code"][4:]), qty=body["lines"][0]["qty"],
                          street="Leśna 2" if not cancel else body["recipient"]["street"], cancelled=cancel)

    @rule(size=st.sampled_from("AB"))
    def announce_parcel(self, size: str) -> None:
        self.market.announce(f"TRK{self.site}{next(self.parcels):04d}", f"600{len(self.market.parcels):06d}", size)

    # -- the network and the terminal's life ------------------------------------------------------------------
    @rule(fault=st.sampled_from(FAULTS), times=st.integers(1, 2))
    def push_through_fault(self, fault: str, times: int) -> None:
        self.proxy.inject(fault, "/v1/push", times)
        try:
            with self._client() as client:
                push_all(self.db, client, state.get(self.db, "terminal_id"), batch_size=20)
        except SyncError:
            pass
        self.proxy.clear()

    @rule(fault=st.sampled_from(FAULTS), path=st.sampled_from(["/v1/push", "/v1/pull"]))
    def sync_through_fault(self, fault: str, path: str) -> None:
        self.proxy.inject(fault, path)
        self._sync(batch_size=50, page_size=25)
        self.proxy.clear()

    @rule(pages=st.integers(0, 4), page_size=st.sampled_from([3, 10, 40]))
    def pull_cut_after_page(self, pages: int, page_size: int) -> None:
        self.proxy.cut_pull_after(pages)
        # small push batches, as a terminal that syncs every few ops: one row changes in several server
        # transactions, so the change log holds its older states in the pages before the cut
        self._sync(page_size=page_size, batch_size=10)
        self.proxy.clear()

    @rule()
    def restart(self) -> None:
        self._close()
        self._open()

    @rule(after_ms=st.integers(50, 900))
    def sigkill_during_sync_now(self, after_ms: int) -> None:
        """`handoff sync now` in its own process, killed with SIGKILL part-way (responses are slowed)."""
        self._close()
        self.proxy.inject("delay", "/v1/", 6)
        proc = subprocess.Popen([sys.executable, "-m", "terminal", "sync", "now", "--db", str(self.term.path)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(after_ms / 1000)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        self.proxy.clear()
        self._open()

    @rule()
    def backup(self) -> None:
        target = self.folder / f"{self.site}-backup-{len(self.backups)}.db"
        backup_to(self.db, target)
        self.backups.append(target)

    @precondition(lambda self: bool(self.backups))
    @rule(data=st.data())
    def restore_backup(self, data: st.DataObject) -> None:
        """docs/OPERATIONS.md: stop the app, copy the backup over the database, `handoff db check`, start."""
        chosen = data.draw(st.sampled_from(self.backups))
        self._close()
        path = self.term.path
        for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            extra.unlink(missing_ok=True)
        shutil.copy(chosen, path)
        assert run(["db", "check", "--db", str(path)]) == 0
        self._open()
        # ops made after the backup and never pushed went with the overwritten file: the restore lost
        # them, not sync. Every other op this terminal ever made must still reach the server once.
        remote = server_op_ids(self.server, state.get(self.db, "terminal_id"))
        self.known_ops = (self.known_ops & set(remote)) | {r[0] for r in self.db.execute("SELECT op_id FROM outbox")}
        self.seen = visible(self.db)    # a restore takes the terminal back by design; the next syncs must not lose

    @rule()
    def quiesce(self) -> None:
        self.proxy.clear()
        for _ in range(6):
            if self._sync() and pending_count(self.db) == 0 and self._sync():
                break
        else:
            self.broken("clean_sync", f"sync did not complete with the faults off: "
                        f"{state.get(self.db, 'last_error')!r}, {pending_count(self.db)} op(s) waiting")
            return
        self._check_converged()

    def _check_converged(self) -> None:
        terminal_id = state.get(self.db, "terminal_id")
        remote = server_op_ids(self.server, terminal_id)
        twice = sorted(op for op, n in remote.items() if n > 1)
        if twice:
            self.broken("exactly_once", f"{len(twice)} op(s) on the server more than once, e.g. {twice[:3]}")
        local = {r[0] for r in self.db.execute("SELECT op_id FROM outbox").fetchall()}
        self.known_ops |= local
        missing = sorted(self.known_ops - set(remote))
        if missing:
            names = dict(self.db.execute("SELECT op_id, name FROM outbox").fetchall())
            self.broken("exactly_once", f"{len(missing)} op(s) the terminal made are not on the server "
                        f"(e.g. {[names.get(m, m) for m in missing[:5]]})")
        try:
            assert_same(self.server.app.state.engine, self.site, self.db)
        except AssertionError as exc:
            self.broken("converges", str(exc)[:2000])

    # -- after every step ----------------------------------------------------------------------------
    @invariant()
    def nothing_went_backwards(self) -> None:
        now = visible(self.db)
        found = regressions(self.seen, now)
        self.seen = now
        if found:
            self.broken("monotonic", f"{len(found)} regression(s): {found[:5]}")

    def teardown(self) -> None:
        if self.closed:           # a step failed half-way: its error is the one to see
            return
        try:
            self.quiesce()
        finally:
            self._close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("machine")
    server = LiveServer(f"sqlite:///{folder / 'backend.db'}").start()
    proxy = FaultProxy(server.port)
    yield server, proxy, folder, template(folder)
    proxy.close()
    server.stop()


def _machine(world: Any, enforce: str | None) -> type[SyncMachine]:
    server, proxy, folder, template_path = world
    attributes = {"server": server, "proxy": proxy, "folder": folder, "template_path": template_path,
                  "enforce": frozenset([enforce] if enforce else INVARIANTS)}
    return type(f"SyncMachine_{enforce or 'all'}", (SyncMachine,), attributes)


def test_sync_machine_local_effects_never_go_backwards(world: Any) -> None:
    run_state_machine_as_test(_machine(world, "monotonic"), settings=FAST)


def test_sync_machine_terminal_equals_server_after_quiescence(world: Any) -> None:
    run_state_machine_as_test(_machine(world, "converges"), settings=FAST)


def test_sync_machine_every_op_on_the_server_exactly_once(world: Any) -> None:
    run_state_machine_as_test(_machine(world, "exactly_once"), settings=FAST)


def test_sync_machine_a_clean_sync_always_completes(world: Any) -> None:
    run_state_machine_as_test(_machine(world, "clean_sync"), settings=FAST)


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="a long random run: kept out of the verdict of CI (its SIGKILL timing varies "
                   "with the machine's load); run it with `pytest -m slow --runxfail` after sync changes")
def test_sync_machine_long_run_all_invariants(world: Any) -> None:
    run_state_machine_as_test(_machine(world, None), settings=LONG)


def test_machine_world_is_usable_and_the_world_reaches_the_terminal(world: Any) -> None:
    """The machine's starting point: a first clean sync brings the terminal what the server has."""
    machine = _machine(world, None)()
    try:
        assert machine._sync()
        assert_same(machine.server.app.state.engine, machine.site, machine.db)
        assert machine.db.execute("SELECT count(*) FROM compartments WHERE site_id = ?", (machine.site,)
                                  ).fetchone()[0] == 16
    finally:
        machine._close()



def _replay(world: Any, enforce: str, steps: list[tuple[str, dict[str, Any]]]) -> None:
    """One fixed run of the machine (no timing in it): the shrunk shape of a failure, kept as a test."""
    machine = _machine(world, enforce)()
    try:
        for name, kwargs in steps:
            getattr(machine, name)(**kwargs)
            machine.nothing_went_backwards()
        machine.teardown()
    finally:
        if not machine.closed:
            machine._close()


def test_sync_machine_replay_pull_cut_after_acked_ops_takes_packed_orders_back(world: Any) -> None:
    _replay(world, "monotonic", [("shift", {"minutes": 25, "seed": 1}),
                                 ("pull_cut_after_page", {"pages": 2, "page_size": 10})])


def test_sync_machine_replay_ops_after_a_restore_reach_the_server(world: Any) -> None:
    _replay(world, "exactly_once", [("backup", {}), ("shift", {"minutes": 15, "seed": 2}), ("quiesce", {}),
                                    ("restore_backup", {"data": _Draw(0)}), ("shift", {"minutes": 15, "seed": 3}),
                                    ("quiesce", {})])


class _Draw:
    """Stands in for hypothesis' `data` in a replay: draws the n-th element of what it is offered."""

    def __init__(self, index: int) -> None:
        self.index = index

    def draw(self, strategy: Any) -> Any:
        return strategy.wrapped_strategy.elements[self.index] if hasattr(strategy, "wrapped_strategy") \
            else strategy.elements[self.index]
