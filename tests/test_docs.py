"""Docs are code: every command, option and setting appears in the operations guide, up to date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tools.reference import commands, settings_keys

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "OPERATIONS.md").read_text(encoding="utf-8")


def test_every_handoff_command_and_option_is_in_the_operations_guide():
    found = commands()
    assert any(c[0] == "handoff db check" for c in found)
    for command, _help, options in found:
        assert f"`{command}`" in GUIDE, f"{command} is not documented"
        for option in options:
            assert option.split(" — ")[0] in GUIDE, f"{command} {option} is not documented"


def test_every_setting_is_in_the_operations_guide():
    keys = settings_keys()
    assert "logging.level" in keys
    for key in keys:
        assert f"`{key}`" in GUIDE, f"setting {key} is not documented"


def test_the_generated_reference_is_current():
    result = subprocess.run([sys.executable, "-m", "tools.reference", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_settings_table_shows_values_not_python_names():
    """An operator reads `60`, not `DEFAULT_IDLE_RESET_S` or `self.records_scans` (issue 15)."""
    python_names = re.compile(r"^(self\.|[A-Z][A-Z0-9_]+$|[a-z_]+\.[a-z_]+\(\)$|list\()")
    for key, default in settings_keys().items():
        assert not python_names.match(default), f"{key}'s default reads as Python: {default}"
