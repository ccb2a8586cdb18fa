"""Every page of every role window in every state, at every size, in Polish and English, to PNG.

`make screenshots` runs `python -m tools.screenshots` offscreen. Each window walks its states as
tests/ui/test_layout_fit.py does (tools/page_states.py, on the demo site from
`terminal.demo.generate`), and each state is written to `build/screenshots/<size>/<language>/
<role>-<state>.png` with the layout audit's findings printed beside it; the command fails when the
audit finds anything. The README's pictures (docs/screenshots/) are refreshed from the same run, and
the role chooser, the kiosk's high-contrast theme and the station's dark theme are added there."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from terminal.clock import FixedClock  # noqa: E402
from terminal.config import load_settings  # noqa: E402
from tools.fixture import badge_for_role, make_site_db  # noqa: E402
from tools.page_states import SIZES, demo_now, settle, shown, walk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
ROLES = ("station", "kiosk", "supervisor")     # the supervisor last: it moves the clock to demo.now
LANGUAGES = ("pl", "en")
# the README's pictures (docs/screenshots/<name>.png): (role, state, size, language)
README = {
    "station-logged-out": ("station", "logged-out-first", "1280x800", "pl"),
    "station-logged-in": ("station", "picking-longest-name", "1280x800", "pl"),
    "station-page-picking": ("station", "picking-task", "1280x800", "pl"),
    "station-en-error": ("station", "picking-longest-name-error", "1280x800", "en"),
    "station-page-packing": ("station", "packing-order-longest-names", "1280x800", "pl"),
    "station-page-packing-label": ("station", "packing-label", "1280x800", "pl"),
    "station-page-handover": ("station", "handover", "1280x800", "pl"),
    "kiosk-logged-out": ("kiosk", "home", "1080x1920", "pl"),
    "kiosk-logged-in": ("kiosk", "staff-login", "1080x1920", "pl"),
    "kiosk-page-lockers.pickup": ("kiosk", "pickup", "1080x1920", "pl"),
    "kiosk-page-lockers.returns": ("kiosk", "returns", "1080x1920", "pl"),
    "kiosk-page-lockers.courier": ("kiosk", "courier", "1080x1920", "pl"),
    "supervisor-logged-out": ("supervisor", "logged-out", "1280x800", "pl"),
    "supervisor-logged-in": ("supervisor", "shift", "1280x800", "pl"),
    "supervisor-page-stats": ("supervisor", "shift", "1280x800", "pl"),
    "supervisor-page-stats.people": ("supervisor", "shift-people", "1280x800", "pl"),
    "supervisor-page-stats.at-risk": ("supervisor", "shift-at-risk", "1280x800", "pl"),
    "supervisor-page-stats.exceptions": ("supervisor", "shift-exceptions", "1280x800", "pl"),
    "supervisor-page-stats.lockers": ("supervisor", "shift-lockers", "1280x800", "pl"),
    "supervisor-page-stats.fleet": ("supervisor", "shift-fleet", "1280x800", "pl"),
}


def shoot(out: Path, sizes: list[str], languages: list[str]) -> int:
    """Walk every window at each size and language; write each state; return how many problems."""
    from tools.layout_audit import audit
    from ui.app import make_context, shutdown
    from ui.i18n import language_switch
    from ui.windows import make_window

    settings = load_settings().with_overrides({"ui.sound": False})
    found = 0
    for language in languages:
        language_switch().set_language(language)
        for size in sizes:
            folder = out / size / language
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory() as scratch:
                db_path, _note = make_site_db(Path(scratch) / "screens.db")
                ctx = make_context(db_path, settings=settings, clock=FixedClock(), demo=True, synchronous=True)
                try:
                    for role in ROLES:
                        if role == "supervisor":
                            demo_now(ctx)
                        window = make_window(role, ctx)
                        window.resize(*SIZES[size])
                        window.show()
                        for state in walk(role, window):
                            path = folder / f"{role}-{state}.png"
                            window.grab().save(str(path))
                            problems = audit(window)
                            found += len(problems)
                            print(path.relative_to(out), "ok" if not problems else f"{len(problems)} problems")
                            for problem in problems:
                                print(f"    {problem}")
                        window.logout(force=True)
                        getattr(window, "force_close", window.close)()
                        window.deleteLater()
                        settle()
                finally:
                    shutdown(ctx)
    return found


def extras(docs: Path) -> None:
    """The role chooser, the high-contrast kiosk and the dark station, for the README's folder."""
    from ui.app import apply_theme, make_context, shutdown
    from ui.i18n import language_switch
    from ui.windows import make_window
    from ui.windows.chooser import RoleChooser

    language_switch().set_language("pl")
    chooser = RoleChooser(demo=True)
    chooser.resize(1280, 800)
    chooser.show()
    settle()
    chooser.grab().save(str(docs / "chooser.png"))
    chooser.close()
    with tempfile.TemporaryDirectory() as scratch:
        db_path, _note = make_site_db(Path(scratch) / "themes.db")
        ctx = make_context(db_path, settings=load_settings().with_overrides({"ui.sound": False}),
                           clock=FixedClock(), demo=True, synchronous=True)
        try:
            for theme, role, name, size in (("high-contrast", "kiosk", "kiosk-high-contrast", "1080x1920"),
                                            ("dark", "station", "station-dark", "1280x800")):
                apply_theme(theme)
                window = make_window(role, ctx)
                window.resize(*SIZES[size])
                window.show()
                if role == "station":
                    window.deliver_scan(badge_for_role(ctx.db, "picker"))
                shown(window)
                window.grab().save(str(docs / f"{name}.png"))
                window.logout(force=True)
                getattr(window, "force_close", window.close)()
                window.deleteLater()
                settle()
        finally:
            apply_theme("light")
            shutdown(ctx)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the pictures (default build/screenshots)")
    parser.add_argument("--size", action="append", choices=list(SIZES), help="only this size (repeatable)")
    parser.add_argument("--language", action="append", choices=LANGUAGES, help="only this language (repeatable)")
    args = parser.parse_args(argv)
    from ui.app import apply_theme, qt_app

    qt_app()
    apply_theme("light")
    sizes, languages = args.size or list(SIZES), args.language or list(LANGUAGES)
    found = shoot(args.out, sizes, languages)
    if args.size is None and args.language is None:
        DOCS.mkdir(parents=True, exist_ok=True)
        for name, (role, state, size, language) in README.items():
            shutil.copyfile(args.out / size / language / f"{role}-{state}.png", DOCS / f"{name}.png")
        extras(DOCS)
    print(f"pictures in {args.out}; {found} layout problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
