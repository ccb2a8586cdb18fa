-- Badges are kept only as HMAC-SHA256 under the site's badge key (issue 14 §3; terminal/people/badges.py).
-- The key starts random; enrolment replaces it with the site's (the backend sends it). The column is
-- renamed and its rows converted, an exception to "only adds": a plain-text badge must not stay.
-- handoff_badge_hmac is registered on the connection by terminal/store/migrate.py.
CREATE TABLE badge_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL   -- hex; not synced, not logged
);
INSERT INTO badge_key (id, key) VALUES (1, lower(hex(randomblob(32))));
ALTER TABLE badges RENAME COLUMN badge TO badge_hmac;
UPDATE OR REPLACE badges SET badge_hmac = handoff_badge_hmac((SELECT key FROM badge_key WHERE id = 1), badge_hmac);
