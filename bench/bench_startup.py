"""Time from process start to the first window on screen, and peak RSS, for each role window.

Each run is a fresh `python -m ui.main run --role X --db …` with HANDOFF_EXIT_AFTER_SHOW=1: the app
prints the moment its window is exposed and its own peak RSS (VmHWM) and quits; os.wait4's ru_maxrss
is only the fallback, because it includes the parent's memory copied at fork. The baseline, measured
in the same run, is a bare PySide6 window from a fresh interpreter."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "3"))
BARE_WINDOW = (
    "import time\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication([])\n"
    "w = QLabel('x'); w.resize(1280, 800); w.show()\n"
    "while not (w.windowHandle() and w.windowHandle().isExposed()): app.processEvents()\n"
    "from ui.commands.run import peak_rss_kib\n"
    "print(f'HANDOFF_SHOWN {time.time():.6f} {peak_rss_kib()}', flush=True)\n"
)

# A role window that logs in (badge of someone with that role) and opens its first page, then reports.
LOGGED_IN = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from terminal.config import load_settings\n"
    "from tools.fixture import badge_for_role\n"
    "from ui.app import start\n"
    "from ui.windows import make_window\n"
    "role, who, db_path = sys.argv[1], sys.argv[2], Path(sys.argv[3])\n"
    "app, ctx = start(db_path, settings=load_settings().with_overrides({'ui.sound': False}))\n"
    "w = make_window(role, ctx); w.present()\n"
    "while not (w.windowHandle() and w.windowHandle().isExposed()): app.processEvents()\n"
    "w.login_with_badge(badge_for_role(ctx.db, who))\n"
    "while w.user is None: app.processEvents()\n"
    "app.processEvents()\n"
    "from ui.commands.run import peak_rss_kib\n"
    "print(f'HANDOFF_SHOWN {time.time():.6f} {peak_rss_kib()}', flush=True)\n"
    "w.logout(force=True); ctx.tasks.shutdown()\n"
)
LOGIN_ROLE = {"station": "picker", "kiosk": "courier", "supervisor": "supervisor"}


def database(folder: Path) -> tuple[Path, str]:
    """The 50k-order demo when bench/fixtures.py has it, else the best smaller database we can make."""
    try:
        from bench.fixtures import large_demo_db  # type: ignore[import-not-found]
    except ImportError:
        from tools.fixture import make_site_db

        path, what = make_site_db(folder / "startup.db")
        return path, f"NOT the 50k demo (bench.fixtures missing): {what}"
    return large_demo_db(), "50k-order demo"


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds from spawning the process to its window being exposed, and its peak RSS in MiB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HANDOFF_EXIT_AFTER_SHOW": "1"}
    with tempfile.TemporaryFile("w+") as errors:
        started = time.time()
        child = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=errors, text=True)
        assert child.stdout is not None
        out = child.stdout.read()          # until the child exits and closes it
        child.stdout.close()
        # wait4, not wait(): it returns this child's own rusage (peak RSS), not all children's.
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    if child.returncode != 0 or "HANDOFF_SHOWN" not in out:
        raise RuntimeError(f"{' '.join(args)} failed ({child.returncode}): {err.strip()[-400:]}")
    fields = out.split("HANDOFF_SHOWN", 1)[1].split()
    shown, own_peak_kib = float(fields[0]), int(fields[1])
    # The child's own VmHWM; ru_maxrss (KiB on Linux) also counts this big parent copied at fork.
    return shown - started, (own_peak_kib or usage.ru_maxrss) / 1024


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        db_path, note = database(Path(folder))
        bare = [measure(["-c", BARE_WINDOW]) for _ in range(RUNS)]
        bare_s = statistics.median(t for t, _ in bare)
        rows.append(Row("startup", "bare PySide6 window: start → shown", f"{bare_s * 1000:.0f} ms", "",
                        f"baseline, median of {RUNS}; peak RSS {max(r for _, r in bare):.0f} MiB"))
        for role in ("station", "kiosk", "supervisor"):
            runs = [measure(["-m", "ui.main", "run", "--role", role, "--db", str(db_path)]) for _ in range(RUNS)]
            seconds = statistics.median(t for t, _ in runs)
            rss = max(r for _, r in runs)
            rows.append(Row("startup", f"{role} window: start → shown", f"{seconds * 1000:.0f} ms", "< 3000 ms",
                            f"{seconds / bare_s:.1f}× bare Qt; median of {RUNS}; {note}"))
            rows.append(Row("startup", f"{role} window: peak RSS", f"{rss:.0f} MiB", "< 300 MiB",
                            f"logged out; {note}"))
            seconds, rss = measure(["-c", LOGGED_IN, role, LOGIN_ROLE[role], str(db_path)])
            rows.append(Row("startup", f"{role} window logged in ({LOGIN_ROLE[role]}): peak RSS", f"{rss:.0f} MiB",
                            "< 300 MiB", f"start → first page shown {seconds * 1000:.0f} ms, one run; {note}"))
    return rows
