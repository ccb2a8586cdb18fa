"""GET /v1/exceptions (issue 18 §1: a dead letter becomes a supervisor exception a supervisor can see),
on both stores, against a real server on 127.0.0.1: a pickup message that really died at a stopped
SMTP server is answered, coded and with no code, token, phone or address in it; an integration token
sees every site, a terminal token its own site only; kiosks' refusals pushed as ops come back newest
first, `after` and `limit` cutting as documented, whatever the order and mix of sites."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from delivery_live import (
    COMPARTMENT,
    PHONE,
    SITE,
    Kiosk,
    MailServer,
    notification_key,
    notify_config,
    stamp,
    wait_until,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_live import LiveServer

from backend import auth
from backend.push import apply_push
from terminal.exception_messages import MESSAGES

OTHER = "LCK-9"


def _get(server: LiveServer, token: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.url}/v1/exceptions", params=params, headers={"Authorization": f"Bearer {token}"},
                     timeout=10)


def _terminal(server: LiveServer, site: str) -> tuple[str, str]:
    """(terminal id, token) of a kiosk enrolled at `site`."""
    code, _ = auth.make_enrollment_code(server.app.state.engine, site, "kiosk", kind="locker")
    enrolled = auth.enroll(server.app.state.engine, code, f"kiosk-{uuid.uuid4().hex[:6]}", "kiosk")
    return str(enrolled["terminal_id"]), str(enrolled["token"])


def test_a_dead_pickup_message_is_answered_coded_and_without_secrets(store_url, tmp_path: Path):
    mail = MailServer().start()
    server = LiveServer(store_url, notify_config=notify_config(mail=mail),
                        notification_key=notification_key(tmp_path)).start()
    try:
        kiosk = Kiosk(server, tmp_path)
        address = "ela.nowak@example.com"
        parcel = kiosk.announce("TRK-X", recipient_email=address)
        kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT,
                   expires_at=stamp(datetime.now(UTC) + timedelta(hours=48)))
        assert wait_until(lambda: len(mail.messages) == 1)
        code, qr = mail.code_for(address)
        mail.stop()                              # the expiry message finds no SMTP server, ever
        kiosk.push("ParcelExpired", parcel_id=parcel)
        moment = datetime.now(UTC)
        for hours in range(1, 7):                # max_attempts 4; backoff at most 600 s
            server.app.state.delivery.run_once(moment + timedelta(hours=hours))
        assert ("expired", "email", "dead") in kiosk.outbox()

        answer = _get(server, kiosk.token)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        (dead,) = [e for e in body["exceptions"] if e["kind"] == "notification_dead"]
        assert dead["site_id"] == SITE and dead["terminal_id"] is None and dead["raised_at"]
        assert dead["message_code"] == "notification_dead" and dead["message_code"] in MESSAGES
        template, parcel_id, channel, attempts, error = dead["message_args"]
        assert (template, parcel_id, channel, attempts) == ("expired", parcel, "email", "4")
        assert error.startswith("SMTP 127.0.0.1:")
        assert "tell the recipient another way" in dead["message"]
        assert body["total"] == len(body["exceptions"]) and body["cursor"] == dead["id"]
        for secret in (code, qr, PHONE, PHONE.replace(" ", ""), "600300400", address, "ela.nowak"):
            assert secret not in answer.text, secret

        # the kiosk's own token sees its site's, and nothing of another site
        _, own = _terminal(server, SITE)
        assert [e["id"] for e in _get(server, own).json()["exceptions"]] == [e["id"] for e in body["exceptions"]]
        refused = _get(server, own, site=OTHER)
        assert refused.status_code == 403 and refused.json()["error"] == "other_site"
        _, stranger = _terminal(server, OTHER)
        assert _get(server, stranger).json() == {"exceptions": [], "cursor": 0, "total": 0}
        assert _get(server, kiosk.token, site=OTHER).json()["exceptions"] == []   # integration: any site
        assert _get(server, "not-a-token").status_code == 401
        # nothing newer than the cursor
        assert _get(server, kiosk.token, after=body["cursor"]).json() == {
            "exceptions": [], "cursor": body["cursor"], "total": 0}
    finally:
        server.stop()
        mail.stop()


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> Any:
    """One backend (SQLite; the store's SQL is the same route on PostgreSQL, tested above) whose two
    kiosks at two sites push refusals; `push(site)` raises one exception there and returns its command id."""
    tmp = tmp_path_factory.mktemp("refusals")
    server = LiveServer(f"sqlite:///{tmp / 'backend.db'}").start()
    token = auth.make_integration_token(server.app.state.engine)
    kiosks = {site: _terminal(server, site) for site in (SITE, OTHER)}
    seqs = dict.fromkeys(kiosks, 0)

    def push(site: str) -> str:
        terminal_id, _ = kiosks[site]
        seqs[site] += 1
        command = uuid.uuid4().hex
        outcome = apply_push(server.app.state.engine, terminal_id, site, [
            {"seq": seqs[site], "op_id": uuid.uuid4().hex, "name": "RemoteCommandRefused",
             "args": {"command_id": command, "code": "bad_signature"}, "at": stamp(datetime.now(UTC))}])
        assert outcome.status == 200 and outcome.body["results"][0]["code"] is None, outcome.body
        return command

    yield server, token, kiosks, push
    server.stop()


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(sites=st.lists(st.sampled_from([SITE, OTHER]), min_size=1, max_size=6), limit=st.integers(1, 8),
       scope=st.sampled_from([None, SITE, OTHER]))
def test_open_exceptions_come_newest_first_within_scope_after_and_limit(refusals, sites, limit, scope) -> None:
    server, token, kiosks, push = refusals
    start = _get(server, token).json()["cursor"]
    pushed = [(site, push(site)) for site in sites]            # oldest first
    wanted = [(site, command) for site, command in reversed(pushed) if scope in (None, site)]
    asked = {"after": start, "limit": limit, **({"site": scope} if scope else {})}
    body = _get(server, token, **asked).json()
    got = [(e["site_id"], e["message_args"][1]) for e in body["exceptions"]]
    assert got == wanted[:limit] and body["total"] == len(wanted)
    assert [e["id"] for e in body["exceptions"]] == sorted((e["id"] for e in body["exceptions"]), reverse=True)
    for e in body["exceptions"]:
        assert e["kind"] == e["message_code"] == "remote_command_refused"
        assert e["terminal_id"] == kiosks[e["site_id"]][0] and e["message_args"][2] == "bad_signature"
    if scope is not None:        # the site's own kiosk sees exactly what the integration token sees of it
        own = _get(server, kiosks[scope][1], after=start, limit=limit).json()
        assert own == body
    rest = _get(server, token, after=body["cursor"], **({"site": scope} if scope else {})).json()
    assert rest == {"exceptions": [], "cursor": body["cursor"], "total": 0}
