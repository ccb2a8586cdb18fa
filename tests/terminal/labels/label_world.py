"""What the label tests share besides fixtures: the site's SSCCs and rendering ZPL under node."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from terminal.labels.content import make_sscc

ROOT = Path(__file__).resolve().parents[3]
NODE_DIR = ROOT / "tests" / "labels_node"
SSCC_1 = make_sscc(0, "590123456", 1)
SSCC_2 = make_sscc(0, "590123456", 2)


def node_render(zpl: str, tmp_path: Path) -> Path:
    """Render ZPL with zpl-renderer-js under node; fails (never skips) when it is not installed."""
    if not (NODE_DIR / "node_modules" / "zpl-renderer-js").is_dir():
        pytest.fail("zpl-renderer-js is not installed: run `npm ci --prefix tests/labels_node` first.")
    source, out = tmp_path / "label.zpl", tmp_path / "label.png"
    source.write_text(zpl, encoding="utf-8")
    done = subprocess.run(["node", str(NODE_DIR / "render.cjs"), str(source), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out
