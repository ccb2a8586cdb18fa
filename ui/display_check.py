"""Before the first QApplication: can Qt open a window here at all?

Qt's X11 plugin aborts the process (SIGABRT, a core dump and three lines about "platform plugins")
when the display is missing or a system library it needs is not installed — which a fresh desktop
often lacks (libxcb-cursor0 since Qt 6.5). We look first and say which package to install, in one
sentence, like every other start-up failure."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Mapping

from terminal.errors import HandoffError

# What Qt's xcb plugin links against that a desktop may lack, with the Debian/Ubuntu package for each.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libEGL.so.1", "libegl1"),
)


def platform_name(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first on Linux: QT_QPA_PLATFORM, else Wayland or X11."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def missing_libraries(libraries: Iterable[tuple[str, str]] = XCB_LIBRARIES) -> list[tuple[str, str]]:
    """The (library, package) pairs the dynamic loader cannot find."""
    missing = []
    for soname, package in libraries:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append((soname, package))
    return missing


def check_display(env: Mapping[str, str] | None = None,
                  libraries: Iterable[tuple[str, str]] = XCB_LIBRARIES) -> None:
    """HandoffError with one sentence when Qt's X11 plugin would abort; nothing elsewhere."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or platform_name(env) != "xcb":
        return
    if not env.get("DISPLAY"):
        raise HandoffError("There is no display to open a window on (DISPLAY is not set); start Handoff on the "
                           "desktop, or set QT_QPA_PLATFORM=offscreen for screenshots and tests.")
    missing = missing_libraries(libraries)
    if missing:
        names = ", ".join(soname for soname, _ in missing)
        packages = " ".join(package for _, package in missing)
        raise HandoffError(f"Qt cannot open a window because this system lacks {names}; install it with "
                           f"`sudo apt install {packages}` (the README lists what a desktop may need).")
