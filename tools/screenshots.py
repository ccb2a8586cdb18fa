"""Render every role window, logged out and logged in, and each of its pages, to docs/screenshots/.

`make screenshots` runs `python -m tools.screenshots` offscreen. The data is the demo site from
`terminal.demo.generate` when installed, else the small fixture in tools/fixture.py."""

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
            window = make_window(role, ctx)
            window.resize(*SIZES[role])
            window.show()
            window.status.refresh_backend()
            grab(window, f"{role}-logged-out")
            window.deliver_scan(badge_for_role(ctx.db, LOGIN_ROLE[role]))   # as a badge scan, into the history
            settle(app, 0.5)   # let the first page finish loading before the picture
            grab(window, f"{role}-logged-in")
            for spec in list(window.page_specs):
                if window.show_page(spec.key):
                    grab(window, f"{role}-page-{spec.key}")
            window.logout(force=True)
            if hasattr(window, "force_close"):
                window.force_close()
            else:
                window.close()
            window.deleteLater()
            settle(app)
        packing_screens(ctx)
        extras(ctx)
        from ui.app import shutdown

        shutdown(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
