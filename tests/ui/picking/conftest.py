"""The picking page tests reuse the terminal tests' small warehouse builders."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "picking"))
