"""Where Qt's X11 plugin would abort (no display, a missing system library), `handoff run` says so in
one sentence before any window, naming the package to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.errors import HandoffError
from ui.display_check import XCB_LIBRARIES, check_display, missing_libraries, platform_name

ROOT = Path(__file__).resolve().parents[2]


def test_platform_follows_qt_qpa_platform_then_the_session() -> None:
    assert platform_name({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert platform_name({"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"
    assert platform_name({"WAYLAND_DISPLAY": "wayland-0"}) == "wayland"
    assert platform_name({"DISPLAY": ":0"}) == "xcb"


def test_offscreen_and_wayland_are_not_checked() -> None:
    check_display({"QT_QPA_PLATFORM": "offscreen"}, libraries=[("libnot-here.so.9", "not-here9")])
    check_display({"WAYLAND_DISPLAY": "wayland-0"}, libraries=[("libnot-here.so.9", "not-here9")])


def test_a_missing_library_names_its_package() -> None:
    libraries = [("libc.so.6", "libc6"), ("libnot-here.so.9", "not-here9")]
    assert missing_libraries(libraries) == [("libnot-here.so.9", "not-here9")]
    with pytest.raises(HandoffError) as info:
        check_display({"DISPLAY": ":0"}, libraries=libraries)
    assert str(info.value) == ("Qt cannot open a window because this system lacks libnot-here.so.9; install it "
                               "with `sudo apt install not-here9` (the README lists what a desktop may need).")


def test_every_package_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [package for _, package in XCB_LIBRARIES if package not in readme] == []


def test_handoff_run_without_a_display_is_one_sentence(site_db_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    result = subprocess.run([sys.executable, "-m", "ui.main", "run", "--db", str(site_db_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "handoff: There is no display to open a window on (DISPLAY is not set); start Handoff on the desktop, or "
        "set QT_QPA_PLATFORM=offscreen for screenshots and tests."]
