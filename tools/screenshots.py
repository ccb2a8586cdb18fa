"""Render every role window, logged out and logged in, and each of its pages, to docs/screenshots/.

`make screenshots` runs `python -m tools.screenshots` offscreen. The data is the demo site from
`terminal.demo.generate`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from terminal.clock import FixedClock  # noqa: E402
from terminal.config import load_settings  # noqa: E402
from tools.fixture import badge_for_role, make_site_db  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = {"station": (1280, 800), "supervisor": (1280, 800), "kiosk": (1080, 1920)}
LOGIN_ROLE = {"station": "picker", "kiosk": "courier", "supervisor": "supervisor"}


def settle(app: object, seconds: float = 0.0) -> None:
    """Run pending events (and, for `seconds`, timers: pages that load on a short timer)."""
    import time

    from PySide6.QtWidgets import QApplication

    until = time.monotonic() + seconds
    while True:
        for _ in range(3):
            QApplication.processEvents()
        if time.monotonic() >= until:
            return
        time.sleep(0.02)


def grab(window: object, name: str) -> Path:
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    banner = getattr(window, "banner", None)
    if banner is not None:
        banner.settle()
    settle(None)
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def wait_for(signal: object, done: object, what: str, timeout_s: float = 60.0) -> None:
    """Run the event loop until `done()` holds, checked each time `signal` fires (no fixed sleep)."""
    from PySide6.QtCore import QEventLoop, QTimer

    assert callable(done)
    if done():
        return
    loop = QEventLoop()

    def check(*_: object) -> None:
        if done():
            loop.quit()

    signal.connect(check)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)   # only a safety net against a hung read
    loop.exec()
    signal.disconnect(check)  # type: ignore[attr-defined]
    if not done():
        raise SystemExit(f"screenshots: {what} did not load within {timeout_s:.0f} s.")


def shift_clock(ctx: object) -> None:
    """The demo's shift is "the shift so far" up to demo.now: the supervisor looks at it then."""
    from terminal.clock import parse_iso

    row = ctx.db.execute("SELECT value FROM settings WHERE key = 'demo.now'").fetchone()  # type: ignore[attr-defined]
    if row:
        ctx.clock.set(parse_iso(row[0]))  # type: ignore[attr-defined]


def dashboard_loaded(window: object) -> None:
    """Wait for the supervisor dashboard's first figures (it reads on a thread after it is shown)."""
    page = window.current_page()  # type: ignore[attr-defined]
    if hasattr(page, "sig_refreshed"):
        wait_for(page.sig_refreshed, lambda: page.snap is not None and not page.reader.busy, "the shift dashboard")


def page_loaded(window: object) -> None:
    """Wait for what the visible page reads on a thread once shown (the courier's collection list)."""
    page = window.current_page()  # type: ignore[attr-defined]
    if hasattr(page, "sig_list_loaded"):
        wait_for(page.sig_list_loaded, lambda: not page.list_loading, "the courier's collection list")


def dashboard_tabs(window: object, name: str) -> None:
    """Each dashboard tab after the first as `<name>.<tab>`; the demo's shift must fill every one."""
    page = window.current_page()  # type: ignore[attr-defined]
    if not hasattr(page, "tabs"):
        return
    filled = {"people": page.people.rowCount(), "at-risk": page.risks.rowCount(),
              "exceptions": page.queue.rowCount(), "lockers": len(page.locker_cells)}
    if not all(filled.values()):
        raise SystemExit(f"screenshots: the demo shift leaves dashboard tabs empty: {filled}.")
    for index in range(1, page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        if page.tabs.widget(index) is page.fleet:       # choosing the tab asks the backend (none here)
            wait_for(page.fleet.sig_loaded, lambda: not page.fleet.busy, "the Fleet tab")
        grab(window, f"{name}.{page.tabs.widget(index).objectName().removeprefix('tab_')}")
    page.tabs.setCurrentIndex(0)


def extras(ctx: object) -> None:
    """The accessible high-contrast kiosk, the dark theme, and an English station with a red error."""
    from ui.app import apply_theme
    from ui.i18n import language_switch
    from ui.windows import make_window

    for theme, role, name in (("high-contrast", "kiosk", "kiosk-high-contrast"), ("dark", "station", "station-dark")):
        apply_theme(theme)
        window = make_window(role, ctx)  # type: ignore[arg-type]
        window.resize(*SIZES[role])
        window.show()
        window.feedback.info("Tryb wysokiego kontrastu" if theme == "high-contrast" else "Motyw ciemny")
        grab(window, name)
        getattr(window, "force_close", window.close)()
    apply_theme("light")
    language_switch().set_language("en")
    window = make_window("station", ctx)  # type: ignore[arg-type]
    window.resize(*SIZES["station"])
    window.show()
    window.deliver_scan("NOT-A-BADGE-42")
    grab(window, "station-en-error")
    window.close()


def packing_screens(ctx: object) -> None:
    """The pack station mid-order (a packer, a tote scanned, some units counted) and the handover page."""
    from ui.windows import make_window

    db = ctx.db  # type: ignore[attr-defined]
    row = db.execute("SELECT t.code, o.id FROM totes t JOIN orders o ON o.id = t.order_id WHERE o.status = 'picked'"
                     " ORDER BY (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) DESC, o.ship_by"
                     " LIMIT 1").fetchone()
    if row is None:
        return
    window = make_window("station", ctx)  # type: ignore[arg-type]
    window.resize(*SIZES["station"])
    window.show()
    window.login_with_badge(badge_for_role(db, "packer"))
    if not window.show_page("packing"):
        window.close()
        return
    window.deliver_scan(row[0])
    lines = db.execute("SELECT sku_code, picked_qty FROM order_lines WHERE order_id = ? AND picked_qty > 0"
                       " ORDER BY line_no", (row[1],)).fetchall()
    for sku, _qty in lines[:-1] or lines[:1]:
        window.deliver_scan(sku)                  # the first unit of each line but the last
    grab(window, "station-page-packing")
    page = window.current_page()
    session = getattr(page, "session", None)
    if session is not None:
        # finish the order and weigh it: the screenshot site has no printer, so the label waits (with its preview)
        for line in list(session.lines):
            for _ in range(line.remaining):
                window.deliver_scan(line.sku_code)
        expected = session.expected_weight_g()
        if expected is not None:
            page.weigh(expected + 12, "typed")  # type: ignore[union-attr]
            grab(window, "station-page-packing-label")
    if window.show_page("handover"):
        grab(window, "station-page-handover")
    window.logout(force=True)
    window.close()


def main() -> int:
    from ui.app import start
    from ui.windows import ROLES, make_window
    from ui.windows.chooser import RoleChooser

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db_path, note = make_site_db(Path(folder) / "screens.db")
        print(f"data: {note}", file=sys.stderr)
        settings = load_settings().with_overrides({"ui.sound": False})
        app, ctx = start(db_path, settings=settings, clock=FixedClock(), demo=True, synchronous=True)
        chooser = RoleChooser(demo=True)
        chooser.resize(1280, 800)
        chooser.show()
        grab(chooser, "chooser")
        chooser.close()
        for role in ROLES:
            before = ctx.clock.now()
            if role == "supervisor":
                shift_clock(ctx)
            window = make_window(role, ctx)
            window.resize(*SIZES[role])
            window.show()
            window.status.refresh_backend()
            grab(window, f"{role}-logged-out")
            window.deliver_scan(badge_for_role(ctx.db, LOGIN_ROLE[role]))   # as a badge scan, into the history
            settle(app, 0.5)   # let the first page finish loading before the picture
            if role == "supervisor":
                dashboard_loaded(window)
            grab(window, f"{role}-logged-in")
            for spec in list(window.page_specs):
                if window.show_page(spec.key):
                    if role == "supervisor":
                        dashboard_loaded(window)
                    page_loaded(window)
                    grab(window, f"{role}-page-{spec.key}")
                    if role == "supervisor":
                        dashboard_tabs(window, f"{role}-page-{spec.key}")
            window.logout(force=True)
            if hasattr(window, "force_close"):
                window.force_close()
            else:
                window.close()
            window.deleteLater()
            settle(app)
            ctx.clock.set(before)
        packing_screens(ctx)
        extras(ctx)
        from ui.app import shutdown

        shutdown(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
