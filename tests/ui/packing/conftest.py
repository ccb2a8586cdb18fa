"""The packing page tests reuse the terminal tests' warehouse and packing builders."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "picking"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "packing"))
