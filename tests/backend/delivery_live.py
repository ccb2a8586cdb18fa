"""Real receivers on 127.0.0.1 for the delivery worker's tests: an SMTP server (aiosmtpd), the
shop's webhook endpoint (verifies each Standard Webhooks signature) and an HTTP SMS gateway.

Other tests get a recipient's pickup code from what the SMTP server received: `MailServer.code_for`."""

from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
import time
import uuid
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from sync_live import LiveServer

from backend import auth, schema
from backend.notify_config import NotifyConfig, parse
from backend.push import apply_push
from backend.seed import seed_from_terminal_db
from terminal.lockers.site import install_site
from terminal.store import open_db

WEBHOOK_SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"   # a test secret (base64 of 24 bytes)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:   # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class MailServer:
    """aiosmtpd on a fixed port of 127.0.0.1, stoppable and startable again (an SMTP server down for a while)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.recorder = _Recorder()
        self.controller: Controller | None = None

    def start(self) -> MailServer:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.recorder.messages

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text_of(message: Message) -> str:
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode(part.get_content_charset() or "utf-8")

    def code_for(self, address: str) -> tuple[str, str]:
        """(pickup code, QR token) from the newest deposited message to `address`."""
        for message in reversed(self.to(address)):
            text = self.text_of(message)
            found = re.search(r"(?:Pickup code|Kod odbioru): (\d{6})\r?\nQR: (\S+)", text)
            if found:
                return found[1], found[2]
        raise AssertionError(f"no pickup code was sent to {address}")


class _HttpReceiver:
    """A ThreadingHTTPServer on 127.0.0.1 recording each POST (headers, body)."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.fail_next = 0          # answer 500 to this many requests (after recording them)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:   # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                status = outer.receive({k.lower(): v for k, v in self.headers.items()}, body)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def receive(self, headers: dict[str, str], body: bytes) -> int:
        self.requests.append((headers, body))
        if self.fail_next > 0:
            self.fail_next -= 1
            return 500
        return 200

    def start(self) -> Any:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ShopReceiver(_HttpReceiver):
    """The shop's endpoint: verifies each signature and keeps each event once by its webhook-id."""

    def __init__(self, secret: str = WEBHOOK_SECRET) -> None:
        super().__init__()
        self.verifier = Webhook(secret)
        self.events: dict[str, dict[str, Any]] = {}   # webhook-id -> payload, the first delivery kept
        self.refused = 0

    def receive(self, headers: dict[str, str], body: bytes) -> int:
        try:
            payload = self.verifier.verify(body, headers)
        except WebhookVerificationError:
            self.refused += 1
            return 400
        self.events.setdefault(headers["webhook-id"], payload)   # idempotent by webhook-id
        return super().receive(headers, body)

    def types(self) -> list[str]:
        return [payload["type"] for payload in self.events.values()]


class SmsGateway(_HttpReceiver):
    """An HTTP SMS gateway taking JSON or form posts."""

    def texts(self) -> list[dict[str, str]]:
        out = []
        for headers, body in self.requests:
            if headers.get("content-type", "").startswith("application/json"):
                out.append(json.loads(body))
            else:
                out.append({k: v[0] for k, v in parse_qs(body.decode()).items()})
        return out


def notify_config(mail: MailServer | None = None, shop: ShopReceiver | None = None, sms: SmsGateway | None = None,
                  sms_format: str = "json", **extra: Any) -> NotifyConfig:
    """A configuration as `--notify-config` would give it, for the receivers given; fast retries."""
    raw: dict[str, Any] = {"language": "en", "poll_seconds": 0.05,
                           "retry": {"max_attempts": 4, "base_seconds": 60, "max_seconds": 600}, **extra}
    if mail is not None:
        raw["email"] = {"host": "127.0.0.1", "port": mail.port, "sender": "lockers@handoff.test", "timeout": 5}
    if shop is not None:
        raw["webhook"] = {"url": shop.url, "secret": WEBHOOK_SECRET}
    if sms is not None:
        raw["sms"] = {"url": sms.url, "format": sms_format, "to_field": "msisdn", "text_field": "message",
                      "fields": {"sender": "Handoff"}}
    return parse(raw)


def notification_key(tmp_path: Path) -> bytes:
    from backend.notify_seal import load_or_make_key

    return load_or_make_key(tmp_path / "notification.key")


SITE = "LCK-2"
COMPARTMENT = f"{SITE}-b0-l01"
PHONE = "+48 600 300 400"


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


class Kiosk:
    """A kiosk-role terminal of the live backend whose locker facts are pushed as the kiosk sends them."""

    def __init__(self, server: LiveServer, tmp_path: Path) -> None:
        self.server, self.engine = server, server.app.state.engine
        master = open_db(tmp_path / "master.db", create=True)
        install_site(master, SITE, boards=1)
        master.conn.commit()
        seed_from_terminal_db(self.engine, SITE, tmp_path / "master.db")
        self.token = auth.make_integration_token(self.engine)
        code, _ = auth.make_enrollment_code(self.engine, SITE, "kiosk", kind="locker")
        self.terminal_id = auth.enroll(self.engine, code, "kiosk", "kiosk")["terminal_id"]
        self.seq = 0

    def announce(self, tracking: str, **extra: Any) -> str:
        answer = httpx.post(f"{self.server.url}/v1/parcels", headers={"Authorization": f"Bearer {self.token}"},
                            json={"site_id": SITE, "tracking_number": tracking, "recipient_phone": PHONE, **extra})
        answer.raise_for_status()
        return str(answer.json()["parcel_id"])

    def push(self, name: str, **args: Any) -> None:
        self.seq += 1
        outcome = apply_push(self.engine, self.terminal_id, SITE, [
            {"seq": self.seq, "op_id": uuid.uuid4().hex, "name": name, "args": args, "at": stamp(datetime.now(UTC))}])
        assert outcome.status == 200 and outcome.body["results"][0]["code"] is None, outcome.body

    def outbox(self) -> list[tuple[str, str, str]]:
        o = schema.notify_outbox.c
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(o.template, o.channel, o.status).order_by(o.id))]
