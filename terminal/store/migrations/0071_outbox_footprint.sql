-- The entities and keys each op writes, kept with its outbox row: `footprint` is the op's declared
-- footprint; outbox_footprint holds it together with the synced rows the handler was seen to write
-- (TEMP triggers). A pulled change to one of those keys waits while the op is unacknowledged.
-- op_id, not seq, is the reference: seq may be re-based after a restore, op_id is the op's identity.
ALTER TABLE outbox ADD COLUMN footprint TEXT;   -- declared: JSON [[entity, key], ...]; NULL before 0071
CREATE TABLE outbox_footprint (
    op_id TEXT NOT NULL REFERENCES outbox(op_id) ON DELETE CASCADE ON UPDATE CASCADE,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (entity, key, op_id)
);   -- not WITHOUT ROWID: SQLite 3.40's quick_check wrongly reports NULLs in such a table
CREATE INDEX outbox_footprint_op ON outbox_footprint(op_id);
