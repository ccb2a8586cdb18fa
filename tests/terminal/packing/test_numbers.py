"""SSCCs carry the company prefix and a biip-valid check digit; numbers never repeat."""

from __future__ import annotations

import pytest
from biip.sscc import Sscc

from terminal.packing.numbers import NumberingError, next_sscc, next_tracking, sscc_with_check, valid_sscc


def test_sscc_layout_and_check_digit(packing_db):
    sscc = next_sscc(packing_db, "5901234", terminal_no=7, extension=3)
    parsed = Sscc.parse(sscc)
    assert len(sscc) == 18 and parsed.extension_digit == 3 and sscc.startswith("3590123407")
    assert valid_sscc(sscc) and not valid_sscc(sscc[:-1] + str((int(sscc[-1]) + 1) % 10))
    assert sscc_with_check("37613032110910342") == "376130321109103420"     # GS1's own example


def test_numbers_count_up_from_the_packages_already_made(packing_db):
    db = packing_db
    from packing_world import picked_order

    oid = picked_order(db, [("SKU-TEA", 1)], tote="T-1")
    first, tracking = next_sscc(db, "5901234", 0), next_tracking(db, "DPD", 0)
    db.execute("INSERT INTO packages (id, order_id, tracking_number, sscc) VALUES ('p1', ?, ?, ?)",
               (oid, tracking, first))
    db.conn.commit()
    second = next_sscc(db, "5901234", 0)
    assert int(second[10:17]) == int(first[10:17]) + 1 and valid_sscc(second)
    assert next_tracking(db, "DPD", 0) == "DPD000000000002"
    assert next_tracking(db, "DPD", 1) == "DPD010000000001"


def test_a_bad_company_prefix_is_one_sentence(packing_db):
    with pytest.raises(NumberingError, match="company prefix"):
        next_sscc(packing_db, "59012345678901", 0)
