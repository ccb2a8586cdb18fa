"""Property tests: whatever a scanner sends, classify returns a typed value, never an exception."""

from __future__ import annotations

import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.scanning.classify import classify
from terminal.scanning.types import ItemScan, Scan, Unknown

SCANNERISH = st.text(alphabet=st.sampled_from(list("0123456789]CdEQe1234|\x1dABCDEFGHIJKLMNOPQRSTUVWXYZ:-_\r\n")),
                     max_size=60)
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(raw=st.one_of(st.text(max_size=200), st.binary(max_size=200), SCANNERISH))
def test_never_raises(scan_db: sqlite_utils.Database, raw: str | bytes) -> None:
    scan = classify(scan_db, raw)
    assert isinstance(scan, Scan)
    if isinstance(scan, Unknown):
        assert scan.message and scan.message.endswith(".")


@PROPS
@given(batch=st.text(alphabet=st.sampled_from(list("ABCXYZ0123456789-./")), min_size=1, max_size=20),
       serial=st.text(alphabet=st.sampled_from(list("ABCxyz0123456789")), min_size=1, max_size=20),
       sep=st.sampled_from(["\x1d", "|"]), aim=st.sampled_from(["", "]C1", "]d2", "]Q3", "\x1d"]))
def test_any_batch_and_serial_round_trip(scan_db: sqlite_utils.Database, batch: str, serial: str, sep: str,
                                         aim: str) -> None:
    scan = classify(scan_db, f"{aim}0105901234123457{sep}10{batch}{sep}21{serial}")
    assert isinstance(scan, ItemScan), scan
    assert (scan.batch, scan.serial, scan.sku_code) == (batch, serial, "SKU-0001")
