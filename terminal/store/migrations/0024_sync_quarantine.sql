-- Pulled changes this terminal cannot store (sync-v1 Amendments: quarantined, and pulls go on).
-- Kept for support beside a supervisor exception of kind 'sync_quarantine'; never applied by itself.
CREATE TABLE sync_quarantine (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    op TEXT NOT NULL,
    data TEXT NOT NULL,
    error TEXT NOT NULL,
    cursor TEXT NOT NULL,              -- the pull position it came with
    at TEXT NOT NULL
);
