"""setuptools build hook: the Qt translations (.ts) compiled to .qm inside every package build.

`pip install .` (or a wheel) without `make` shipped only the .ts sources, so the app had no .qm to
load. `build_py` now runs PySide6's lrelease (a build requirement in pyproject.toml) on every .ts and
puts the .qm beside it in the build — or, for an editable install, beside the .ts in the source tree,
which is where an editable install reads resources from. No lrelease is a build error with a sentence,
never a quietly untranslated package. (ui/i18n.py still compiles a missing .qm at first use.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools.command.build_py import build_py

SOURCE = Path("resources") / "translations"


def lrelease() -> list[str]:
    """The lrelease of the PySide6 in this (build) environment."""
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if found:
        return [found]
    try:
        import PySide6  # the build requirement: its own lrelease binary
    except ImportError:
        PySide6 = None   # type: ignore[assignment]
    binary = Path(PySide6.__file__).parent / "lrelease" if PySide6 is not None else None
    if binary is not None and binary.exists():
        return [str(binary)]
    raise SystemExit("Building Handoff needs PySide6's lrelease to compile the translations; "
                     "install PySide6-Essentials into the build environment.")


def compile_translations(source_dir: Path, target_dir: Path) -> list[Path]:
    built = []
    target_dir.mkdir(parents=True, exist_ok=True)
    for ts in sorted(source_dir.glob("*.ts")):
        qm = target_dir / ts.with_suffix(".qm").name
        subprocess.run([*lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


class BuildPy(build_py):
    """build_py, then the .qm files next to the .ts (in the build, or in place when editable)."""

    def run(self) -> None:
        super().run()
        target = SOURCE if getattr(self, "editable_mode", False) else Path(self.build_lib) / SOURCE
        compile_translations(SOURCE, target)
