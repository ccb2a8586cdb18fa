"""`handoff import` on a terminal shows a progress bar for checking and writing (on a pseudo-terminal,
as a person sees it); piped, or with --json, it prints no bar at all."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from import_world import NOW, make_site, write

ROOT = Path(__file__).resolve().parents[3]


def _handoff(*args: str, tty: bool) -> tuple[int, str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "PYTHONPATH": str(ROOT)}
    if not tty:
        done = subprocess.run([sys.executable, "-m", "terminal", *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=120)
        return done.returncode, done.stdout + done.stderr
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "terminal", *args], stdin=child, stdout=child, stderr=child,
                               env=env, cwd=ROOT)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:   # the child closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_and_none_when_piped(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site.db")
    rows = [{"location": f"A-01-{bay:02d}-1L", "sku": f"SKU-{bay:03d}", "qty": bay} for bay in range(1, 13)]
    path = write(tmp_path / "stock.csv", rows)
    code, seen = _handoff("import", "stock", str(path), "--db", str(site), "--now", NOW, tty=True)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen)
    assert code == 0, plain
    assert re.search(r"check\s.*12/12", plain) and re.search(r"write\s.*12/12", plain), plain
    assert "Imported 12 stock" in plain
    code, piped = _handoff("import", "stock", str(path), "--db", str(site), "--now", NOW, tty=False)
    assert code == 0 and "Imported 12 stock" in piped
    assert "━" not in piped and "12/12" not in piped and "\x1b[" not in piped
