"""`handoff run --role station|kiosk|supervisor [--db PATH] [--demo] [--fullscreen] [--quit-after S]`.

With --demo the window runs on the demo site's own clock: it resumes at the moment the demo was made for
(or just after the last operation on it), so the demo morning is a morning whenever it is opened; a
lock-board emulator and a label printer stand-in start with it (terminal/demo/devices.py) and end with it.

An enrolled terminal runs the sync worker in the background while the window is open (every
`sync.interval_s`; ui/sync/background.py), so nobody has to type `handoff sync now`; --demo starts its own
local backend and worker instead (ui/sync/demo.py).

Without --role a chooser asks which screen this is. Everything that can fail with a sentence (the
settings, the database, the theme) is checked before a window exists; `terminal.cli.run` prints that
sentence and exits 2. HANDOFF_EXIT_AFTER_SHOW=1 prints `HANDOFF_SHOWN <unix time> <peak RSS KiB>` once the
first window is on screen and quits (the start-up benchmark uses it). Under systemd the window
reports READY=1 and pings the watchdog (ui/commands/lifecycle.py)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

ROLES = ("station", "kiosk", "supervisor")


def register(sub: Any) -> None:
    help = "Open a Handoff window: a pack station, a locker kiosk or the supervisor screen."
    parser = sub.add_parser("run", help=help, description=help)
    parser.add_argument("--role", choices=ROLES, help="which window; without it a chooser asks")
    parser.add_argument("--db", type=Path, help="the terminal database (default: the data folder's terminal.db)")
    parser.add_argument("--demo", action="store_true",
                        help="demo data: a DEMO badge, a local sync backend, and the demo site's own clock")
    parser.add_argument("--fullscreen", action="store_true", help="kiosk: full screen (also setting kiosk.fullscreen)")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="quit by itself this many seconds after the window shows (smoke tests)")
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    # Qt is imported here, not at module level, so `handoff db check` and friends stay fast.
    from terminal.config import default_db_path, load_settings
    from terminal.errors import HandoffError
    from ui.app import start

    if args.quit_after is not None and not args.quit_after >= 0:
        raise HandoffError(f"--quit-after needs a number of seconds, 0 or more, not {args.quit_after}.")

    settings = load_settings()
    if args.fullscreen:
        settings = settings.with_overrides({"kiosk.fullscreen": True})
    db_path = args.db or default_db_path()
    demo_devices = None
    if args.demo and not os.environ.get("HANDOFF_EXIT_AFTER_SHOW") and Path(db_path).exists():
        from terminal.demo.devices import start_demo_devices

        # the lock-board emulator and the printer stand-in, before the settings reach any window
        demo_devices, overrides = start_demo_devices(db_path)
        settings = settings.with_overrides(overrides)
    app, ctx = start(db_path, settings=settings, demo=args.demo)
    if demo_devices is not None:
        app.aboutToQuit.connect(demo_devices.stop)
    if args.demo:
        ctx.clock = demo_clock(ctx.db) or ctx.clock
    background_sync = None   # (worker or demo, adapter) while the window is open
    if not os.environ.get("HANDOFF_EXIT_AFTER_SHOW"):
        if args.demo:
            from ui.sync.demo import start_demo_sync

            background_sync = start_demo_sync(app, ctx)   # a local backend + sync worker; stopped on quit
        else:
            from ui.sync.background import start_enrolled_sync

            background_sync = start_enrolled_sync(app, ctx)   # an enrolled terminal syncs by itself

    from PySide6.QtCore import QTimer

    from ui.commands.lifecycle import announce, quit_after
    from ui.windows import make_window
    from ui.windows.chooser import RoleChooser

    keep: dict[str, Any] = {}

    def open_role(role: str) -> None:
        window = make_window(role, ctx)
        keep["window"] = window
        if background_sync is not None and hasattr(window, "status"):
            background_sync[1].attach(window.status)
        attach_scanners(window, ctx.settings)
        start_devices(role, ctx)
        window.present()
        if "chooser" in keep:
            keep.pop("chooser").close()
        announce(app, window, role)
        if args.quit_after is not None:
            quit_after(window, args.quit_after)
        _exit_after_show(window)

    if args.role:
        open_role(args.role)
    else:
        chooser = RoleChooser(demo=args.demo)
        chooser.sig_role_chosen.connect(open_role)
        keep["chooser"] = chooser
        chooser.resize(1280, 800)
        chooser.show()
        if args.quit_after is not None:
            quit_after(chooser, args.quit_after)
        _exit_after_show(chooser)
    _quit_on_ctrl_c(app)
    code = app.exec()
    window = keep.get("window")
    if window is not None and hasattr(window, "force_close"):
        window.force_close()
    QTimer.singleShot(0, lambda: None)
    return int(code)


def demo_clock(db: Any) -> Any:
    """A demo site runs on its own morning (terminal.demo.demo_clock_start), not on today's wall clock."""
    from terminal.clock import ShiftedClock
    from terminal.demo import demo_clock_start

    start = demo_clock_start(db)
    return ShiftedClock(start) if start is not None else None


def attach_scanners(window: Any, settings: Any) -> None:
    """Keyboard-wedge and serial scanners feed `window.deliver_scan` (the scanning capability's adapters)."""
    from ui.scanning.serial_adapter import start_serial_scanners
    from ui.scanning.wedge_filter import install_wedge_filter

    window.wedge_filter = install_wedge_filter(window, settings)
    window.serial_scanners = start_serial_scanners(window, settings)


def start_devices(role: str, ctx: Any) -> None:
    """The kiosk opens its lock-board line and reconciles the door journal as it starts (after a crash
    the records are put right before anyone touches the kiosk, never by re-unlocking a door)."""
    if role == "kiosk":
        from ui.lockers.adapter import adapter_for

        adapter_for(ctx).start()


def _exit_after_show(widget: Any) -> None:
    """For the start-up benchmark: report the moment the window is exposed, then quit."""
    if not os.environ.get("HANDOFF_EXIT_AFTER_SHOW"):
        return
    import time

    from PySide6.QtCore import QCoreApplication, QTimer

    def check() -> None:
        handle = widget.windowHandle()
        if handle is not None and handle.isExposed():
            print(f"HANDOFF_SHOWN {time.time():.6f} {peak_rss_kib()}", flush=True)
            QCoreApplication.exit(0)   # quit() would ask the kiosk, which refuses to close
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


def peak_rss_kib() -> int:
    """This process's own peak resident memory (VmHWM). Unlike a child's ru_maxrss it does not include
    the parent's memory copied at fork before exec; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _quit_on_ctrl_c(app: Any) -> None:
    """Ctrl+C in the terminal quits cleanly; the timer lets Python see the signal while Qt runs."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: app.exit(130))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)
