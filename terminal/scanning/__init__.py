"""Scanners of every kind feed one stream of typed scans (see types.py, classify.py)."""
