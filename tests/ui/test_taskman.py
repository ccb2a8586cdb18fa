"""The one database worker: results on the GUI thread, errors to on_error, clean shutdown."""

from __future__ import annotations

import threading

from terminal.errors import HandoffError
from ui.taskman import TaskManager


def test_synchronous_runs_at_once() -> None:
    tasks = TaskManager(synchronous=True)
    got: list[object] = []
    tasks.run(lambda: 41 + 1, got.append)
    tasks.run(lambda: (_ for _ in ()).throw(HandoffError("no")), on_error=got.append)
    assert got[0] == 42 and isinstance(got[1], HandoffError)
    tasks.shutdown()


def test_worker_runs_off_the_gui_thread_and_answers_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskManager()
    seen: dict[str, object] = {}

    def work() -> str:
        seen["worker"] = threading.current_thread().name
        return "done"

    def done(result: str) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread() is threading.main_thread()

    tasks.run(work, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"worker": "handoff-db-worker", "result": "done", "callback": True}
    tasks.shutdown()
    assert not tasks.is_running()


def test_errors_without_handler_are_signalled(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskManager()
    with qtbot.waitSignal(tasks.sig_unhandled_error) as blocker:
        tasks.run(lambda: 1 / 0)
    assert isinstance(blocker.args[0], ZeroDivisionError)
    tasks.shutdown()


def test_tasks_run_in_order_and_shutdown_finishes_the_queue() -> None:
    tasks = TaskManager()
    order: list[int] = []
    for n in range(20):
        tasks.run(lambda n=n: order.append(n))
    tasks.shutdown(wait=True)
    assert order == list(range(20))
    assert not any(t.name == "handoff-db-worker" for t in threading.enumerate())


def test_busy_is_signalled_while_work_is_queued(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskManager()
    seen: list[bool] = []
    tasks.sig_busy_changed.connect(seen.append)
    release = threading.Event()
    try:
        tasks.run(release.wait)
        tasks.run(lambda: None)
        assert seen == [True] and tasks.busy
        release.set()
        qtbot.waitUntil(lambda: not tasks.busy)
        qtbot.waitUntil(lambda: seen == [True, False])
    finally:
        release.set()
        tasks.shutdown()
