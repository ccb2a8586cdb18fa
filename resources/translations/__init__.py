"""Resource folder: translations."""
