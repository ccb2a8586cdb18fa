"""`handoff-backend serve --notify-config … --notification-key-file …` as a real process: its delivery
worker starts with the app (in every worker process on PostgreSQL) and the recipient's e-mail arrives."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
from delivery_live import COMPARTMENT, Kiosk, MailServer, free_port, wait_until

from backend.db import make_engine, migrate

ROOT = Path(__file__).resolve().parents[2]


def test_serve_delivers_with_its_configuration_file(store_url, tmp_path):
    mail = MailServer().start()
    config = tmp_path / "notify.toml"
    config.write_text(f'language = "en"\npoll_seconds = 0.1\n[email]\nhost = "127.0.0.1"\nport = {mail.port}\n'
                      'sender = "lockers@handoff.test"\n')
    key = tmp_path / "secret" / "notification.key"
    port = free_port()
    engine = make_engine(store_url)
    migrate(engine)
    workers = "2" if store_url.startswith("postgresql") else "1"
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", store_url, "--port", str(port),
                                "--workers", workers, "--log-level", "warning", "--notify-config", str(config),
                                "--notification-key-file", str(key)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                return httpx.get(f"{url}/v1/events", timeout=2).status_code == 401
            except httpx.TransportError:
                return process.poll() is not None
        assert wait_until(up, 60) and process.poll() is None, process.communicate()[1]
        assert oct(key.stat().st_mode & 0o777) == "0o600"          # made by serve, for its owner only
        kiosk = Kiosk(SimpleNamespace(url=url, app=SimpleNamespace(state=SimpleNamespace(engine=engine))),  # type: ignore[arg-type]
                      tmp_path)
        parcel = kiosk.announce("TRK-S", recipient_email="eva@example.com")
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT)
        assert wait_until(lambda: len(mail.to("eva@example.com")) == 1, 30)
        time.sleep(0.5)                                            # no second worker sends it again
        assert len(mail.to("eva@example.com")) == 1
        assert mail.code_for("eva@example.com")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        engine.dispose()
        mail.stop()
