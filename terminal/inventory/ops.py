"""The inventory loop's operations, one module per flow (`terminal/inventory/*_ops.py`); importing
this registers them all (`terminal.ops.load_operations` imports `terminal.<capability>.ops`)."""

from __future__ import annotations

import importlib
import pkgutil

import terminal.inventory

for _module in pkgutil.iter_modules(terminal.inventory.__path__):
    if _module.name.endswith("_ops"):
        importlib.import_module(f"terminal.inventory.{_module.name}")
