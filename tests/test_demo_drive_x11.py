"""Every demo flow from `handoff run --demo` under a real X server, driven as a person would
(tools/demo_drive.py): picker (one location typed by hand), packer with a weight mismatch, handover,
recipient pickup by code (with impatient taps on OK) and by QR, a return, a courier deposit, and the
supervisor's screen — each step checked in the terminal's database. Skipped where Xvfb, xdotool or
ImageMagick is missing; .ci/run installs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.demo_drive import drive, missing_tools

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")]


def test_every_demo_flow_works_from_handoff_run_demo(tmp_path: Path) -> None:
    shots = drive(tmp_path / "shots")
    names = [path.stem.split("-", 1)[1] for path in shots]
    assert names[:2] == ["picker-batch", "picker-done"] and "handover" in names and names[-1] == "supervisor"
    assert all(path.stat().st_size > 10_000 for path in shots)     # a real window, not a black screen
