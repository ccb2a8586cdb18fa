"""Offline-first sync with the backend (protocols/sync-v1.md): outbox push, cursor pull, status."""
