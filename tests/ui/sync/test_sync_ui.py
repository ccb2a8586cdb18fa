"""The demo's local backend, enrollment and worker, shown live in the status bar through the Qt adapter."""

from __future__ import annotations

from terminal.config import Settings
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync import state
from ui.app import make_context
from ui.sync.adapter import SyncAdapter
from ui.sync.demo import DemoSync
from ui.widgets.statusbar import HandoffStatusBar


def test_demo_backend_enrols_syncs_and_the_status_bar_follows(qtbot, db_path):
    db = open_db(db_path, create=True)
    db.execute("INSERT INTO sites (id, name, kind) VALUES ('WH-DEMO', 'Demo warehouse', 'warehouse')")
    db.execute("INSERT INTO users (id, name, roles) VALUES ('U1', 'Ala', 'picker')")
    db.conn.commit()
    settings = Settings({"sync": {"interval_s": 60.0, "demo_port": 0}})
    demo = DemoSync(db_path, settings).start()
    try:
        assert demo.worker is not None
        adapter = SyncAdapter(demo.worker)
        ctx = make_context(db_path, settings=settings, synchronous=True)
        bar = HandoffStatusBar(ctx)
        qtbot.addWidget(bar)
        adapter.attach(bar)
        with qtbot.waitSignal(adapter.sig_status_changed, timeout=20000) as first:
            pass
        assert first.args[0]["online"], first.args[0]
        assert "online" in bar.backend_label.text() and demo.url.split("://")[1] in bar.backend_label.text()
        assert demo.url in bar.backend_label.toolTip()
        apply_op(db, "UserLoggedIn", {"user_id": "U1", "role": "picker", "session_id": "s1"})
        with qtbot.waitSignal(adapter.sig_status_changed, timeout=20000,
                              check_params_cb=lambda s: s["ops_waiting"] == 0 and s["last_success"]):
            adapter.sync_now()
        assert "0 ops waiting" in bar.backend_label.text()
        assert state.get(db, "site_id") == "WH-DEMO"
        ctx.db.close()
    finally:
        demo.stop()
    assert demo.process is None
    db.close()
