"""The inventory loop's operations, one module per flow; importing this registers them all
(`terminal.ops.load_operations` imports `terminal.<capability>.ops`)."""

from __future__ import annotations
