"""The printed demo sheet (placeholder until the full sheet lands)."""

from __future__ import annotations

from pathlib import Path


def write_sheet(path: Path, *, db_path: Path | None) -> int:
    raise NotImplementedError
