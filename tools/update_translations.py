"""Re-extract every translatable string under ui/ into resources/translations/handoff_*.ts.

Runs PySide6's lupdate, which keeps the translations already in the .ts files and marks new strings
"unfinished" for a translator (Qt Linguist: `pyside6-linguist resources/translations/handoff_pl.ts`).
Pages added by other capabilities are picked up automatically: `python -m tools.update_translations`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("pl",)


def lupdate() -> str:
    found = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    if not found:
        raise SystemExit("pyside6-lupdate is missing; install PySide6 into this environment.")
    return found


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if "__pycache__" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    keep_obsolete = "--keep-obsolete" in args
    files = [str(p.relative_to(ROOT)) for p in sources()]
    for language in LANGUAGES:
        target = TRANSLATIONS / f"handoff_{language}.ts"
        command = [lupdate(), *files, "-source-language", "en", "-target-language", language,
                   "-locations", "none", "-ts", str(target.relative_to(ROOT))]
        if not keep_obsolete:
            command.insert(-2, "-no-obsolete")
        subprocess.run(command, cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
