"""Resource folder: sounds."""
