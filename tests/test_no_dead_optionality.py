"""Installed parts are imported, not probed: no "is it installed" branch survives for a capability
or dependency that is always there (issue 13 §7). The only `find_spec` calls left are the two
discovery loops that find which capability packages have an `ops` or `pages` module."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISCOVERY = {"terminal/ops.py", "ui/pages.py"}


def test_no_find_spec_probe_outside_the_capability_discovery_loops() -> None:
    probes = sorted(
        str(path.relative_to(ROOT))
        for folder in ("terminal", "ui", "backend", "tools")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"find_spec\(|import_module\(\"terminal\.scanning", path.read_text(encoding="utf-8"))
        and str(path.relative_to(ROOT)) not in DISCOVERY
    )
    assert probes == []


def test_every_window_context_has_its_database_worker() -> None:
    import dataclasses

    from ui.context import AppContext

    tasks = {f.name: f for f in dataclasses.fields(AppContext)}["tasks"]
    assert "None" not in str(tasks.type), "pages must never run database work on the GUI thread"
