"""A remote open decided by the kiosk's locker worker as soon as a pull brings it: the door opens once and
the page on screen shows a short notice (nothing else changes on the screen)."""

from __future__ import annotations

import json
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PySide6.QtWidgets import QVBoxLayout, QWidget

from terminal import changes
from terminal.clock import iso
from terminal.ids import new_id
from terminal.lockers.remote import receive, save_support_key
from terminal.ops import ChangeSet
from terminal.sync import state
from tests.ui.lockers.conftest import SITE
from tests.ui.lockers.test_lockers_pages import announce, deposit_via_courier, status
from ui.i18n import language_switch
from ui.lockers.recipient import PickupPage


def test_a_pulled_remote_open_opens_the_door_and_the_screen_says_so(qtbot, ctx, adapter, person, emulator) -> None:
    backend = Ed25519PrivateKey.generate()
    state.put(ctx.db, terminal_id="kiosk-ui", site_id=SITE)
    save_support_key(ctx.db, backend.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex())
    announce(ctx.db)
    _page, kind, placed = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and placed.ok
    holder = QWidget()
    qtbot.addWidget(holder)
    page = PickupPage(ctx, None, holder)
    QVBoxLayout(holder).addWidget(page)
    holder.show()
    person.action = "take"
    now = ctx.clock.now()
    payload = json.dumps({"v": 1, "command_id": new_id(), "kind": "open", "terminal_id": "kiosk-ui", "site_id": SITE,
                          "compartment_id": placed.compartment.id, "parcel_id": placed.parcel_id,
                          "expected_state": "OCCUPIED", "issued_at": iso(now),
                          "expires_at": iso(now + timedelta(minutes=5)), "reason": "stuck", "agent": "anna"})
    adapter.watch_remote()
    decided: list = []
    adapter.remote_decided.connect(decided.extend)
    receive(ctx.db, [{"payload": payload, "signature": backend.sign(payload.encode()).hex()}])
    language_switch().set_language("pl")
    try:
        changes.publish(ctx.db, ChangeSet(tables=frozenset({"remote_inbox"})))   # as the sync cycle does
        qtbot.waitUntil(lambda: bool(decided), timeout=10000)
        assert [d.code for d in decided] == ["executed"]
        assert f"Obsługa zdalnie otwiera skrytkę {placed.compartment.number}." in page.message.text()
    finally:
        language_switch().set_language("en")
    assert emulator.unlock_count(placed.compartment.board_no, placed.compartment.lock_no) == 2   # deposit + remote
    assert status(ctx.db, "PX1") == "picked_up"
