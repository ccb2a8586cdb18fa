-- Replenishment of pick faces (terminal/inventory/replenish.py). A pick face is a (location, SKU)
-- with a min and a max: when its stock falls below min after a pick, or a picker shorts there, a
-- replenishment task moves stock from reserve (any other location holding the SKU) up to max.
-- Both tables are pulled entities (pick_face, replenishment): every terminal of the site sees every
-- task, and the task a terminal made itself comes back with the same id (its triggering op's id).
-- No foreign keys: a pulled row may arrive in a page before its location or SKU.
CREATE TABLE pick_faces (
    location_code TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    min_qty INTEGER NOT NULL CHECK (min_qty >= 0),
    max_qty INTEGER NOT NULL CHECK (max_qty >= 1),
    PRIMARY KEY (location_code, sku_code)
);
CREATE INDEX pick_faces_sku ON pick_faces(sku_code);

CREATE TABLE replenishments (
    id TEXT PRIMARY KEY,              -- 'rp:<id of the op that found the face low>'
    location_code TEXT NOT NULL,      -- the pick face
    sku_code TEXT NOT NULL,
    reason TEXT NOT NULL,             -- 'below_min' (after a pick or a partial refill) or 'short'
    status TEXT NOT NULL DEFAULT 'open',   -- open → done
    created_at TEXT NOT NULL,
    done_at TEXT,
    from_location TEXT,               -- the reserve location it was filled from
    moved_qty INTEGER NOT NULL DEFAULT 0,
    user_id TEXT
);
CREATE INDEX replenishments_open ON replenishments(status, location_code, sku_code);
