"""Compile the Qt translation sources (resources/translations/*.ts) to .qm with lrelease."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease is missing; reinstall PySide6 (make clean && make test).")
    return found


def build() -> list[Path]:
    built = []
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
        built.append(target)
    return built


if __name__ == "__main__":
    build()
