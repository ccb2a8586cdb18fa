"""Recording a scan for the scan error rate (DESIGN §8): one `ScanRecorded` fact per scan a person made.

The role windows, the packing page and the shift simulator all record through here, so a scan is
stored the same way wherever it was made: its kind is the typed scan's class name, and a badge or a
pickup token is never kept as read (it logs a person in or opens a door) — not in `scan_events`,
not in the outbox, not on the backend."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from terminal.clock import Clock
from terminal.ops import AppliedOp, apply_op
from terminal.scanning.types import BadgeScan, PickupTokenScan, Scan

SECRET_SCANS = (BadgeScan, PickupTokenScan)
MASK = "***"


def scan_args(scan: Scan, *, user_id: str | None, context: str, accepted: bool, reason: str | None = None,
              order_id: str | None = None) -> dict[str, Any]:
    """The arguments of the ScanRecorded op for `scan`, with secrets already masked."""
    return {"user_id": user_id, "context": context, "raw": MASK if isinstance(scan, SECRET_SCANS) else scan.raw,
            "kind": type(scan).__name__, "accepted": accepted, "reason": None if accepted else reason,
            "order_id": order_id}


def record_scan(db: sqlite_utils.Database, scan: Scan, *, user_id: str | None, context: str, accepted: bool,
                reason: str | None = None, order_id: str | None = None, clock: Clock | None = None) -> AppliedOp:
    return apply_op(db, "ScanRecorded", scan_args(scan, user_id=user_id, context=context, accepted=accepted,
                                                  reason=reason, order_id=order_id), clock=clock)
