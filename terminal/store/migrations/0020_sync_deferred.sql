-- Pulled changes held back because a local op on the same row is not yet acknowledged (sync-v1 Pull).
-- One row per (entity, key): a later pulled change replaces an earlier one.
CREATE TABLE sync_deferred (
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    data TEXT NOT NULL,
    PRIMARY KEY (entity, key)
);
