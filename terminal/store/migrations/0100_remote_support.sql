-- Remote support (issue 18 §4; terminal/lockers/remote.py). Local tables, never synced.
-- The backend's Ed25519 public key, given at enrolment: a remote command is only obeyed when it
-- verifies against this key. One row; none on a terminal enrolled before 0100 (it refuses every
-- remote command until it is enrolled again).
CREATE TABLE support_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,          -- hex, 32 bytes
    saved_at TEXT NOT NULL
);
-- Signed commands as pulled, before any check: kept until the locker worker decides them.
-- Keyed by a digest of what arrived, so a page pulled twice leaves one row.
CREATE TABLE remote_inbox (
    digest TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at TEXT NOT NULL
);
-- Every command id whose signature verified and that was decided here (executed or refused), written
-- by the deciding op in its own transaction: the same id is never obeyed twice (replay).
CREATE TABLE remote_commands (
    command_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('executed', 'refused')),
    code TEXT,
    decided_at TEXT NOT NULL
);
