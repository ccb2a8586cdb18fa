"""Qt side of sync: a thin adapter over the core's SyncWorker events, and the demo's local backend."""
