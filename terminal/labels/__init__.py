"""Carrier labels: content from a package, one layout, ZPL II for the printer and a PNG/PDF preview,
and a print spool over `label_jobs` that never drops or blindly repeats a label.

The preview (terminal.labels.image) needs Pillow and is imported on its own."""

from terminal.labels.content import LabelContent, label_for_package, package_for_order, sample_label
from terminal.labels.spool import JobOutcome, LabelJob, confirm_outcome, pending_jobs, queue_label, send_pending
from terminal.labels.zpl import to_zpl, to_zpl_bytes

__all__ = [
    "JobOutcome", "LabelContent", "LabelJob", "confirm_outcome", "label_for_package", "package_for_order",
    "pending_jobs", "queue_label", "sample_label", "send_pending", "to_zpl", "to_zpl_bytes",
]
