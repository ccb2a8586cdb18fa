"""A terminal enrolled with a backend refuses imports (issue 19 §5): its orders and master data come
by pull, and an import would fight them. Both the command and the op itself say so; nothing is written."""

from __future__ import annotations

import pytest
from sync_live import Terminal

from terminal.cli import run
from terminal.errors import OpRejected
from terminal.ops import apply_op

ROW = {"code": "IMP-1", "name": "Kubek", "length_mm": 1, "width_mm": 1, "height_mm": 1, "weight_g": 1}


def test_an_enrolled_terminal_refuses_imports(terminal: Terminal, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "skus.csv"
    path.write_text("code,name,length_mm,width_mm,height_mm,weight_g\nIMP-1,Kubek,1,1,1,1\n", encoding="utf-8")
    before = terminal.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert run(["import", "skus", str(path), "--db", str(terminal.path)]) == 2
    err = capsys.readouterr().err
    assert "enrolled with a backend" in err and "Traceback" not in err
    with pytest.raises(OpRejected) as refused:
        apply_op(terminal.db, "SkusImported", {"skus": [ROW]})
    assert refused.value.code == "import_enrolled"
    assert terminal.db.execute("SELECT count(*) FROM skus WHERE code = 'IMP-1'").fetchone()[0] == 0
    assert terminal.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == before
