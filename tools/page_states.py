"""Every page of every role window in each state a person can find it in, reached as production does.

`walk(role, window)` drives one shown window of that role through its states — badge scans, the
scans a picker or packer makes, keypad taps, tabs — and yields the name of each state once the
window shows it. The data is the demo site (`tools.fixture.make_site_db`); the longest realistic
texts are the demo's own longest (a picker steps through the batch to its longest product name; the
packer scans the tote whose order has the longest names). Used by tests/ui/test_layout_fit.py,
which audits each state, and by `make screenshots`, which takes a picture of each."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from tools.fixture import badge_for_role

LONG_SCAN = "Z" * 600              # a wedge scanner stuck on one key, or a pasted paragraph
BAD_SCAN = "NOT-A-BADGE-42"        # a barcode no page can use: the red banner
SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080), "1080x1920": (1080, 1920)}


def settle(seconds: float = 0.0) -> None:
    """Run pending events (and, for `seconds`, timers: pages that load on a short timer)."""
    until = time.monotonic() + seconds
    while True:
        for _ in range(3):
            QApplication.processEvents()
        if time.monotonic() >= until:
            return
        time.sleep(0.02)


def wait_for(signal: Any, done: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
    """Run the event loop until `done()` holds, checked each time `signal` fires (no fixed sleep)."""
    if done():
        return
    loop = QEventLoop()

    def check(*_: object) -> None:
        if done():
            loop.quit()

    signal.connect(check)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)   # only a safety net against a hung read
    loop.exec()
    signal.disconnect(check)
    if not done():
        raise RuntimeError(f"{what} did not load within {timeout_s:.0f} s.")


def shown(window: Any) -> None:
    """The window as a person sees it a moment later: the banner's flash over, layouts done."""
    window.banner.settle()
    settle()


def _scan(window: Any, raw: str) -> None:
    window.deliver_scan(raw)
    settle()


# --- station: picker ------------------------------------------------------------------------------------
def _picker_states(window: Any) -> Iterator[str]:
    db = window.ctx.db
    _scan(window, badge_for_role(db, "picker"))
    page = window.current_page()
    yield "picking-bind"
    _scan(window, BAD_SCAN)
    yield "picking-bind-error"
    free = [row[0] for row in db.execute("SELECT code FROM totes WHERE order_id IS NULL ORDER BY code")]
    while page.view is not None and page.view.state == "bind" and free:
        _scan(window, free.pop(0))
    yield "picking-task"
    longest = max(page.view.tasks, key=lambda t: len(t.sku_name))
    while page.view.current_task() is not None and page.view.current_task().task_id != longest.task_id:
        _pick_current(window, page)
    yield "picking-longest-name"
    _scan(window, BAD_SCAN)
    yield "picking-longest-name-error"
    _scan(window, LONG_SCAN)
    yield "picking-long-scan"
    white = next((t for t in page.view.tasks if t.tote_colour == "white" and t.status == "open"), None)
    if white is None:
        raise RuntimeError("the demo batch has no open task for the white tote any more; pick another state order")
    while page.view.current_task() is not None and page.view.current_task().task_id != white.task_id:
        _pick_current(window, page)
    yield "picking-white-tote"
    _scan(window, BAD_SCAN)          # afterwards the log keeps its columns for the next scans
    yield "picking-after-long-scan"


def _gtin(db: Any, sku_code: str) -> str:
    row = db.execute("SELECT barcode FROM sku_barcodes WHERE sku_code = ? AND units = 1 ORDER BY kind LIMIT 1",
                     (sku_code,)).fetchone()
    return str(row[0]) if row else sku_code


def _pick_current(window: Any, page: Any) -> None:
    """The picker walks to the current task and picks all of it (location, then each unit)."""
    task = page.view.current_task()
    if page.view.state == "location":
        _scan(window, task.location_code)
    for _ in range(task.remaining):
        _scan(window, _gtin(window.ctx.db, task.sku_code))
    if page.view.current_task() is not None and page.view.current_task().task_id == task.task_id:
        raise RuntimeError(f"the pick of {task.sku_code} at {task.location_code} did not go through: "
                           f"{page.message.text()!r}")


# --- station: packer ------------------------------------------------------------------------------------
def _packer_states(window: Any) -> Iterator[str]:
    db = window.ctx.db
    window.logout(force=True)
    settle()
    yield "logged-out"
    _scan(window, badge_for_role(db, "packer"))
    window.show_page("packing")
    settle()
    yield "packing-empty"
    _scan(window, BAD_SCAN)
    yield "packing-error"
    row = db.execute(
        "SELECT t.code FROM totes t JOIN orders o ON o.id = t.order_id WHERE o.status = 'picked'"
        " ORDER BY (SELECT max(length(s.name)) FROM order_lines l JOIN skus s ON s.code = l.sku_code"
        " WHERE l.order_id = o.id) DESC, length(o.recipient_name) DESC LIMIT 1").fetchone()
    if row is None:
        return
    _scan(window, row[0])
    yield "packing-order-longest-names"
    page = window.current_page()
    session = page.session
    lines = list(session.lines) if session is not None else []
    if lines:
        _scan(window, lines[0].sku_code)
        _scan(window, BAD_SCAN)
        yield "packing-order-error"
        _scan(window, LONG_SCAN)
        yield "packing-long-scan"
        for line in list(session.lines):
            for _ in range(line.remaining):
                _scan(window, line.sku_code)
        expected = session.expected_weight_g()
        if expected is not None:
            page.weigh(expected + 12, "typed")
            settle()
            yield "packing-label"
    if window.show_page("handover"):
        settle()
        yield "handover"
        _scan(window, BAD_SCAN)
        yield "handover-error"


def _stocker_states(window: Any) -> Iterator[str]:
    """The returns desk: empty, a refused scan, a handed-over order with its longest product name back,
    and one of its items waiting for a grade."""
    db = window.ctx.db
    window.logout(force=True)
    _scan(window, badge_for_role(db, "stocker"))
    if not window.show_page("returns"):
        return
    settle()
    yield "returns-empty"
    _scan(window, BAD_SCAN)
    yield "returns-error"
    row = db.execute(
        "SELECT o.ref, l.sku_code FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN skus s"
        " ON s.code = l.sku_code WHERE o.status = 'handed_over' ORDER BY length(s.name) DESC LIMIT 1").fetchone()
    if row is None:
        return
    _scan(window, f"RMA-{row[0]}")
    yield "returns-order"
    _scan(window, _gtin(db, row[1]))
    yield "returns-grade"


def station_states(window: Any) -> Iterator[str]:
    yield "logged-out-first"
    yield from _picker_states(window)
    yield from _packer_states(window)
    yield from _stocker_states(window)


# --- kiosk ----------------------------------------------------------------------------------------------
def kiosk_states(window: Any) -> Iterator[str]:
    db = window.ctx.db
    yield "home"
    _scan(window, BAD_SCAN)
    yield "home-error"
    window.show_login()
    settle()
    yield "staff-login"
    window.go_home()
    for key in ("lockers.pickup", "lockers.returns"):
        window.show_page(key)
        settle()
        short = key.removeprefix("lockers.")
        yield short
        page = window.current_page()
        for field, _placeholder, length in page.fields_spec:     # every field full, the code a wrong one
            page.select_field(field)
            for digit in "600700800"[:length]:
                page.type_digit(digit)
        page.submit()
        settle(0.2)
        yield f"{short}-refused"
        page.set_accessible(True)
        settle()
        yield f"{short}-accessible"
        page.set_accessible(False)
        window.go_home()
        settle()
    _scan(window, badge_for_role(db, "courier"))
    window.show_page("lockers.courier")
    _courier_loaded(window)
    yield "courier"
    row = db.execute("SELECT tracking_number FROM parcels WHERE status = 'announced' ORDER BY tracking_number"
                     " LIMIT 1").fetchone()
    if row is not None:
        _scan(window, row[0])
        settle(0.2)
        yield "courier-deposit"
    _scan(window, LONG_SCAN)
    yield "courier-long-scan"
    page = window.current_page()
    page.set_accessible(True)
    settle()
    yield "courier-accessible"
    page.set_accessible(False)
    window.logout(force=True)
    settle()
    _scan(window, badge_for_role(db, "technician"))
    if window.show_page("lockers.technician"):
        settle(0.2)
        yield "technician"
    window.logout(force=True)
    settle()


def _courier_loaded(window: Any) -> None:
    page = window.current_page()
    wait_for(page.sig_list_loaded, lambda: not page.list_loading, "the courier's collection list")


# --- supervisor -----------------------------------------------------------------------------------------
def demo_now(ctx: Any) -> None:
    """The demo's shift is "the shift so far" up to demo.now: the supervisor looks at it then."""
    from terminal.clock import parse_iso

    row = ctx.db.execute("SELECT value FROM settings WHERE key = 'demo.now'").fetchone()
    if row:
        ctx.clock.set(parse_iso(row[0]))


def supervisor_states(window: Any) -> Iterator[str]:
    db = window.ctx.db
    yield "logged-out"
    _scan(window, badge_for_role(db, "supervisor"))
    page = window.current_page()
    wait_for(page.sig_refreshed, lambda: page.snap is not None and not page.reader.busy, "the shift dashboard")
    yield "shift"
    for index in range(1, page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        tab = page.tabs.widget(index)
        if tab is page.fleet:       # choosing the tab asks the backend (none here: its message)
            wait_for(page.fleet.sig_loaded, lambda: not page.fleet.busy, "the Fleet tab")
        if tab is page.tomorrow:    # the same for the lockers' forecast
            wait_for(page.tomorrow.sig_loaded, lambda: not page.tomorrow.busy, "the Tomorrow tab")
        settle()
        yield "shift-" + tab.objectName().removeprefix("tab_")
        if tab is page.fleet:       # and as it shows a backend's fleet health, every problem at once
            _show_fleet_health(page.fleet)
            yield "shift-fleet-health"
            _show_backend_exceptions(page.fleet)     # and the backend's own exceptions below them
            yield "shift-fleet-exceptions"
    page.tabs.setCurrentIndex(0)
    _scan(window, LONG_SCAN)
    yield "long-scan"


def _show_fleet_health(fleet: Any) -> None:
    """The Fleet tab given an answer of GET /v1/fleet/health (the demo has no backend) through the
    path a real answer takes; the longest realistic texts: every problem, long names, long details."""
    from terminal.stats.fleet import FleetFigures

    device = {"state": "problem", "detail": "tcp://192.168.100.200:9100: connection refused (printer off?)"}
    worst = {"terminal_id": "t1", "name": "Paczkomat Warszawa Mokotów Puławska 145 kiosk 2", "site_id": "WAW-MOK-145",
             "role": "kiosk", "problems": ["stale", "boards_offline", "backlog_growing", "sync_error",
                                           "doors_faulted", "printer", "scanner", "low_disk"],
             "last_heartbeat_at": "2026-11-23T07:10:00.000+00:00", "silent_s": 8 * 3600 + 59 * 60,
             "sync_interval_s": 10.0, "app_version": "0.1.0", "schema_version": 71, "boards_total": 16,
             "boards_online": 12, "boards_offline": [3, 7, 11, 15], "doors_faulted": 12, "printer": device,
             "scanner": {"state": "problem", "detail": "/dev/serial/by-id/usb-Honeywell_1900-if00: port gone"},
             "disk_free_bytes": 120 * 2**20, "outbox_size": 12_345, "outbox_age_s": 50 * 3600,
             "sync_error": "update_needed"}
    well = {**worst, "terminal_id": "t2", "name": "Stanowisko pakowania 3", "problems": [], "silent_s": 4.0,
            "boards_total": 0, "boards_offline": [], "printer": {"state": "ok", "detail": ""}}
    fleet._show(FleetFigures(dict.fromkeys(fleet.tiles), "fleet", [worst, well]))
    settle()


def _show_backend_exceptions(fleet: Any) -> None:
    """The Fleet tab given an answer of GET /v1/exceptions as well: one of each coded kind, with the
    longest realistic arguments, and an uncoded one showing its stored English; more open than listed."""
    from dataclasses import replace

    site, at = "WAW-MOK-145", "2026-11-23T07:10:00.000+00:00"
    parcel = "0190b5e2-7c1d-7a3e-9f42-5d6e7f8a9b0c"

    def row(n: int, kind: str, args: list[str], message: str = "", code: str | None = None) -> dict[str, Any]:
        return {"id": n, "kind": kind, "site_id": site, "terminal_id": "t1", "raised_at": at, "message": message,
                "message_code": code or (kind if args else None), "message_args": args}

    rows = [row(5, "notification_dead", ["return_dropped", parcel, "email", "12",
                                         "SMTP smtp.poczta.example.com:587: SMTPServerDisconnected"]),
            row(4, "webhook_dead", ["parcel.picked_up", "evt_0190b5e27c1d7a3e9f425d6e7f8a9b0c", "12"]),
            row(3, "remote_command_refused", ["t-0190b5e2-7c1d-7a3e", "cmd-0190b5e2-7c1d-7a3e-9f42", "bad_signature"]),
            row(2, "stats_replay_error", ["ParcelDeposited", "123456", "t-0190b5e2-7c1d-7a3e",
                                          "KeyError: 'compartment_id' in the handler of ParcelDeposited"]),
            row(1, "cancelled_after_pack", ["ALLEGRO-2026-11-23-0001234567", "handed_over"]),
            row(0, "unannounced_parcel", [], "Parcel 6XG0123456789PL00012345 was put into compartment"
                                             " WAW-MOK-145-b15-l16 but its announcement never reached the backend;"
                                             " it was recorded from the kiosk's data — check it with the carrier.")]
    assert fleet.figures is not None
    fleet._show(replace(fleet.figures, exceptions=rows, exceptions_total=57))
    settle()


# what each walk must reach with the demo data (a state it skipped would pass unseen)
STATES = {
    "station": ("logged-out-first", "picking-bind", "picking-bind-error", "picking-task", "picking-longest-name",
                "picking-longest-name-error", "picking-long-scan", "picking-white-tote", "picking-after-long-scan",
                "logged-out", "packing-empty", "packing-error", "packing-order-longest-names", "packing-order-error",
                "packing-long-scan", "packing-label", "handover", "handover-error",
                "returns-empty", "returns-error", "returns-order", "returns-grade"),
    "kiosk": ("home", "home-error", "staff-login", "pickup", "pickup-refused", "pickup-accessible", "returns",
              "returns-refused", "returns-accessible", "courier", "courier-deposit", "courier-long-scan",
              "courier-accessible", "technician"),
    "supervisor": ("logged-out", "shift", "shift-people", "shift-at-risk", "shift-exceptions", "shift-lockers",
                   "shift-stock", "shift-returns", "shift-fleet", "shift-fleet-health",
                   "shift-fleet-exceptions", "shift-tomorrow", "long-scan"),
}

WALKS: dict[str, Callable[[Any], Iterator[str]]] = {
    "station": station_states, "kiosk": kiosk_states, "supervisor": supervisor_states}


def walk(role: str, window: Any) -> Iterator[str]:
    """Drive `window` (shown, of `role`) through its states; each name is yielded once it is on screen."""
    for state in WALKS[role](window):
        shown(window)
        yield state
