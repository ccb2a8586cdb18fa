"""ParcelAnnounced: a parcel announced at the kiosk is an op (HMACs only); a replay of the same
announcement changes nothing, another parcel with a tracking number already here is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminal.errors import OpRejected
from terminal.lockers.announce import announce_parcel
from terminal.lockers.site import install_site
from terminal.ops import apply_op, get_operation
from terminal.store import open_db

KEY = b"k" * 32


def test_an_announcement_is_an_op_without_plain_codes_and_a_replay_is_harmless(tmp_path: Path) -> None:
    db = open_db(tmp_path / "k.db", create=True)
    install_site(db, "LK1")
    plain = announce_parcel(db, KEY, "LK1", "TRK-1", phone="600100200", size_class="B")
    [(name, args)] = db.execute("SELECT name, args FROM outbox").fetchall()
    assert name == "ParcelAnnounced" and plain.pickup_code and plain.qr_token
    assert plain.pickup_code not in args and plain.qr_token not in args and "600100200" not in args
    before = [tuple(r) for r in db.execute("SELECT * FROM parcels").fetchall()]
    assert before and before[0][0] == plain.parcel_id
    assert get_operation("ParcelAnnounced").handler is not None
    apply_op(db, "ParcelAnnounced", json.loads(args))            # the same announcement again (a replay)
    assert [tuple(r) for r in db.execute("SELECT * FROM parcels").fetchall()] == before
    with pytest.raises(OpRejected, match="TRK-1 is already announced here"):
        announce_parcel(db, KEY, "LK1", "TRK-1", phone="600100201")
    assert [tuple(r) for r in db.execute("SELECT * FROM parcels").fetchall()] == before
    db.close()
