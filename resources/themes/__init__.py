"""Resource folder: themes."""
