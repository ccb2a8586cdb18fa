"""Pickup codes, QR tokens and return codes exist only as HMACs in the database; the plain ones are
in <db>.demo-codes.json for testers, and they match the HMACs with the site key beside the db."""

from __future__ import annotations

from pathlib import Path

from terminal.demo import read_codes
from terminal.lockers import codes as locker_codes


def _file_bytes(db, path: Path) -> bytes:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_no_plain_code_token_or_phone_is_in_the_database_file(demo):
    db, summary = demo
    path = Path(summary.db_path)
    data = _file_bytes(db, path)
    codes = read_codes(path)
    order_phones = {row[0] for row in db.execute("SELECT recipient_phone FROM orders")}
    assert codes["parcels"] and codes["returns"]
    for parcel in codes["parcels"]:
        assert parcel["qr_token"].encode() not in data
        assert f"{parcel['phone']}:{parcel['code']}".encode() not in data
        if parcel["phone"] not in order_phones:
            assert parcel["phone"].encode() not in data
    # 6-digit codes may occur by chance among the digits of GTINs and ids; no parcel column holds one.
    plain = {p["code"] for p in codes["parcels"]} | {r["return_code"] for r in codes["returns"]}
    for row in db.execute("SELECT * FROM parcels"):
        assert not plain & {str(value) for value in tuple(row)}


def test_the_plain_codes_match_the_stored_hmacs(demo):
    db, summary = demo
    key = locker_codes.load_site_key(Path(summary.site_key_path))
    codes = read_codes(Path(summary.db_path))
    for parcel in codes["parcels"]:
        row = db.execute("SELECT code_hmac, qr_hmac, recipient_phone_hmac, phone_last4, status, compartment_id"
                         " FROM parcels WHERE tracking_number = ?", (parcel["tracking_number"],)).fetchone()
        assert locker_codes.matches(row[0], locker_codes.code_hmac(key, parcel["phone"], parcel["code"]))
        assert locker_codes.matches(row[1], locker_codes.token_hmac(key, parcel["qr_token"]))
        assert locker_codes.matches(row[2], locker_codes.phone_hmac(key, "+48 " + parcel["phone"]))
        assert row[3] == parcel["phone"][-4:] and row[4] == parcel["status"]
        assert row[5] == parcel["compartment"]
        assert len(parcel["qr_token"]) >= 22 and len(parcel["code"]) == 6
    for ret in codes["returns"]:
        row = db.execute("SELECT return_code_hmac FROM parcels WHERE tracking_number = ?",
                         (ret["tracking_number"],)).fetchone()
        assert locker_codes.matches(row[0], locker_codes.return_code_hmac(key, ret["return_code"]))
