"""The real `handoff` command on real database files: made by `handoff demo`, damaged byte by byte,
put on read-only disks and folders. Read-only cases run the command without root's power to write through
file modes when the tests run as root, and use a real read-only tmpfs mount where allowed."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGE = 4096


def handoff(*args: str, env: dict[str, str] | None = None,
            module: str = "terminal") -> subprocess.CompletedProcess[str]:
    """`handoff ARGS…` in a new interpreter (`module` ui.main for the commands that need Qt)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          env=environment, timeout=120)


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The command failed with exactly one sentence on stderr and no traceback; returns it."""
    assert result.returncode != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handoff: ") and lines[0].endswith("."), result.stderr
    return lines[0]


def damage_a_middle_page(source: Path, target: Path) -> Path:
    """A copy of `source` with garbage written over one page in the middle of the file."""
    data = bytearray(source.read_bytes())
    middle = (len(data) // 2) // PAGE * PAGE
    data[middle:middle + PAGE] = bytes((i * 151 + 7) % 256 for i in range(PAGE))
    target.write_bytes(bytes(data))
    return target


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real demo database file (closed, WAL checkpointed into the main file); copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "site.db"
    made = handoff("demo", "--db", str(path), "--orders", "40", "--now", "2026-11-23T07:00")
    assert made.returncode == 0, made.stderr
    return path


class Unprivileged:
    """How to run `handoff` so that file modes bind it: as root, without the capabilities that let root
    write through them (CAP_DAC_OVERRIDE & co. dropped from the bounding set before exec)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, *args: str, module: str = "terminal") -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        prefix: list[str] = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("as root, file modes can only be made to bind with setpriv (util-linux)")
            prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
        return subprocess.run([*prefix, sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True,
                              text=True, env=environment, timeout=120)


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[Unprivileged]:
    yield Unprivileged(tmp_path)
    for path in tmp_path.rglob("*"):   # so pytest can clear it away
        with contextlib.suppress(OSError):
            if path.is_dir():
                os.chmod(path, 0o755)


def mount_tmpfs(folder: Path, *options: str) -> bool:
    """Mount a small tmpfs at `folder` (root only); False where this machine does not allow it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("mode=0755", *options)), "tmpfs", str(folder)],
                          capture_output=True, timeout=30)
    return done.returncode == 0


def remount(folder: Path, option: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{option}", str(folder)], check=True, capture_output=True, timeout=30)


def unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)
