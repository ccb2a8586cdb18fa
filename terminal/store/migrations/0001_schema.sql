-- Handoff terminal schema. Times are ISO 8601 text in UTC (terminal.clock.iso); money is not kept.
-- Domain tables are written only by named operations (terminal/ops.py) or by applying pulled changes.

-- Site and settings ---------------------------------------------------------------------------
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'locker')),
    timezone TEXT NOT NULL DEFAULT 'Europe/Warsaw',
    address TEXT
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Catalogue and warehouse layout --------------------------------------------------------------
CREATE TABLE layouts (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    toml TEXT NOT NULL                -- the layout-v1 TOML document, verbatim
);

CREATE TABLE locations (
    code TEXT PRIMARY KEY,
    layout_id TEXT NOT NULL REFERENCES layouts(id),
    zone TEXT NOT NULL,
    aisle INTEGER NOT NULL,
    bay INTEGER NOT NULL,
    level INTEGER NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('L', 'R')),
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX locations_aisle ON locations(layout_id, aisle, bay);

CREATE TABLE skus (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    length_mm INTEGER NOT NULL CHECK (length_mm > 0),
    width_mm INTEGER NOT NULL CHECK (width_mm > 0),
    height_mm INTEGER NOT NULL CHECK (height_mm > 0),
    weight_g INTEGER NOT NULL CHECK (weight_g > 0),
    image TEXT
);

CREATE TABLE sku_barcodes (
    barcode TEXT PRIMARY KEY,         -- GTIN as 14 digits, or an internal code as printed
    sku_code TEXT NOT NULL REFERENCES skus(code),
    kind TEXT NOT NULL DEFAULT 'gtin' CHECK (kind IN ('gtin', 'internal')),
    units INTEGER NOT NULL DEFAULT 1 CHECK (units > 0)
);
CREATE INDEX sku_barcodes_sku ON sku_barcodes(sku_code);

CREATE TABLE inventory (
    location_code TEXT NOT NULL REFERENCES locations(code),
    sku_code TEXT NOT NULL REFERENCES skus(code),
    qty INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (location_code, sku_code)
);
CREATE INDEX inventory_sku ON inventory(sku_code);

-- Carriers, calendars, boxes ------------------------------------------------------------------
CREATE TABLE carriers (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tracking_prefix TEXT NOT NULL DEFAULT '',
    gs1_company_prefix TEXT NOT NULL DEFAULT '590000000',  -- for SSCCs on this carrier's labels
    transit_days INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE carrier_departures (
    carrier_code TEXT NOT NULL REFERENCES carriers(code),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- 0 = Monday
    departs_at TEXT NOT NULL,                                   -- local HH:MM at the site
    services TEXT NOT NULL DEFAULT '*',                          -- comma list of services, * = all
    PRIMARY KEY (carrier_code, weekday, departs_at)
);

CREATE TABLE holidays (
    calendar TEXT NOT NULL DEFAULT 'PL',
    day TEXT NOT NULL,                 -- YYYY-MM-DD
    name TEXT NOT NULL,
    PRIMARY KEY (calendar, day)
);

CREATE TABLE box_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    barcode TEXT UNIQUE,
    inner_length_mm INTEGER NOT NULL,
    inner_width_mm INTEGER NOT NULL,
    inner_height_mm INTEGER NOT NULL,
    tare_g INTEGER NOT NULL,
    max_weight_g INTEGER NOT NULL,
    locker_size TEXT CHECK (locker_size IN ('A', 'B', 'C')),
    active INTEGER NOT NULL DEFAULT 1
);

-- People -----------------------------------------------------------------------------------------
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,               -- comma list: picker, packer, courier, technician, supervisor
    zones TEXT NOT NULL DEFAULT '',    -- comma list of warehouse zones for pickers; empty = all
    language TEXT NOT NULL DEFAULT 'pl',
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE badges (
    badge TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX badges_user ON badges(user_id);

CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    terminal TEXT NOT NULL DEFAULT '',
    login_at TEXT NOT NULL,
    logout_at TEXT
);
CREATE INDEX user_sessions_user ON user_sessions(user_id, login_at);

-- Orders ------------------------------------------------------------------------------------------
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    external_id TEXT UNIQUE,
    site_id TEXT REFERENCES sites(id),
    service TEXT NOT NULL CHECK (service IN ('EXPRESS_SAME_DAY', 'NEXT_DAY', 'STANDARD')),
    carrier_code TEXT NOT NULL REFERENCES carriers(code),
    delivery_method TEXT NOT NULL CHECK (delivery_method IN ('courier', 'locker', 'pickup_point')),
    destination_locker TEXT,           -- locker site id or point code for locker / pickup_point
    recipient_name TEXT NOT NULL,
    recipient_street TEXT NOT NULL DEFAULT '',
    recipient_postcode TEXT NOT NULL DEFAULT '',
    recipient_city TEXT NOT NULL DEFAULT '',
    recipient_phone TEXT NOT NULL DEFAULT '',
    recipient_email TEXT NOT NULL DEFAULT '',
    promised_date TEXT,                -- YYYY-MM-DD the customer was promised
    created_at TEXT NOT NULL,
    ship_by TEXT,                      -- last departure that still meets promised_date
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'picking', 'picked', 'packed', 'handed_over', 'cancelled')),
    picked_at TEXT,
    packed_at TEXT,
    handed_over_at TEXT,
    cancelled_at TEXT
);
CREATE INDEX orders_open ON orders(status, ship_by);

CREATE TABLE order_lines (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    line_no INTEGER NOT NULL,
    sku_code TEXT NOT NULL REFERENCES skus(code),
    qty INTEGER NOT NULL CHECK (qty > 0),
    picked_qty INTEGER NOT NULL DEFAULT 0,
    short_qty INTEGER NOT NULL DEFAULT 0,
    packed_qty INTEGER NOT NULL DEFAULT 0,
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines(sku_code);

-- Picking -----------------------------------------------------------------------------------------
CREATE TABLE totes (
    code TEXT PRIMARY KEY,
    colour TEXT NOT NULL DEFAULT 'grey',
    order_id TEXT REFERENCES orders(id),   -- bound while the order travels in it
    batch_id TEXT
);

CREATE TABLE pick_batches (
    id TEXT PRIMARY KEY,
    picker_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'active', 'done', 'cancelled')),
    algorithm TEXT NOT NULL DEFAULT 'optimal',
    distance_m REAL
);

CREATE TABLE pick_batch_orders (
    batch_id TEXT NOT NULL REFERENCES pick_batches(id),
    order_id TEXT NOT NULL REFERENCES orders(id),
    tote_slot INTEGER NOT NULL,
    tote_code TEXT REFERENCES totes(code),
    PRIMARY KEY (batch_id, order_id),
    UNIQUE (batch_id, tote_slot)
);

CREATE TABLE pick_tasks (
    id TEXT PRIMARY KEY,
    batch_id TEXT REFERENCES pick_batches(id),
    order_id TEXT NOT NULL REFERENCES orders(id),
    line_id TEXT NOT NULL REFERENCES order_lines(id),
    sequence INTEGER NOT NULL DEFAULT 0,
    location_code TEXT NOT NULL REFERENCES locations(code),
    sku_code TEXT NOT NULL REFERENCES skus(code),
    qty INTEGER NOT NULL CHECK (qty > 0),
    picked_qty INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'short', 'cancelled')),
    short_reason TEXT CHECK (short_reason IN ('empty', 'damaged', 'not_found')),
    follow_up_of TEXT REFERENCES pick_tasks(id),
    picker_id TEXT REFERENCES users(id),
    done_at TEXT
);
CREATE INDEX pick_tasks_batch ON pick_tasks(batch_id, sequence);
CREATE INDEX pick_tasks_order ON pick_tasks(order_id);

-- Packing, labels, manifests -----------------------------------------------------------------------
CREATE TABLE manifests (
    id TEXT PRIMARY KEY,
    carrier_code TEXT NOT NULL REFERENCES carriers(code),
    day TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT REFERENCES users(id)
);

CREATE TABLE packages (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    box_type TEXT REFERENCES box_types(code),
    tracking_number TEXT UNIQUE,
    sscc TEXT UNIQUE,
    expected_weight_g INTEGER,
    weight_g INTEGER,
    weight_source TEXT CHECK (weight_source IN ('scale', 'typed')),
    locker_size TEXT CHECK (locker_size IN ('A', 'B', 'C')),
    packed_by TEXT REFERENCES users(id),
    packed_at TEXT,
    labelled_at TEXT,
    manifest_id TEXT REFERENCES manifests(id),
    handed_over_at TEXT
);
CREATE INDEX packages_order ON packages(order_id);

CREATE TABLE label_jobs (
    id TEXT PRIMARY KEY,
    package_id TEXT NOT NULL REFERENCES packages(id),
    printer TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'unknown', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    is_reprint INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX label_jobs_status ON label_jobs(status);

-- Scans (every scan is counted: the scan error rate is a KPI) ------------------------------------
CREATE TABLE scan_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    context TEXT NOT NULL,              -- picking, packing, kiosk, login, ...
    raw TEXT NOT NULL,
    kind TEXT,                          -- classified type, or NULL when unknown
    accepted INTEGER NOT NULL,
    reason TEXT,
    order_id TEXT
);
CREATE INDEX scan_events_at ON scan_events(at);

-- Lockers ---------------------------------------------------------------------------------------------
CREATE TABLE lock_boards (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    board_no INTEGER NOT NULL CHECK (board_no BETWEEN 0 AND 15),
    port TEXT NOT NULL DEFAULT '',
    hook_closed_bit INTEGER NOT NULL DEFAULT 1,  -- polarity: hook bit value meaning "closed"
    ir_occupied_bit INTEGER NOT NULL DEFAULT 1,  -- polarity: infrared bit value meaning "occupied"
    has_infrared INTEGER NOT NULL DEFAULT 1,
    UNIQUE (site_id, port, board_no)
);

CREATE TABLE compartments (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    board_id TEXT NOT NULL REFERENCES lock_boards(id),
    lock_no INTEGER NOT NULL CHECK (lock_no BETWEEN 1 AND 16),   -- as printed on the board
    size_class TEXT NOT NULL CHECK (size_class IN ('A', 'B', 'C')),
    column_no INTEGER NOT NULL DEFAULT 1,
    row_no INTEGER NOT NULL DEFAULT 1,                           -- 1 = lowest (accessible)
    state TEXT NOT NULL DEFAULT 'FREE'
        CHECK (state IN ('FREE', 'RESERVED', 'OCCUPIED', 'OPEN', 'FAULT', 'OUT_OF_SERVICE')),
    door TEXT NOT NULL DEFAULT 'unknown' CHECK (door IN ('closed', 'open', 'unknown')),
    fault_reason TEXT,
    UNIQUE (board_id, lock_no)
);

CREATE TABLE parcels (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    tracking_number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'delivery' CHECK (kind IN ('delivery', 'return')),
    size_class TEXT CHECK (size_class IN ('A', 'B', 'C')),
    recipient_phone_hmac TEXT,
    phone_last4 TEXT,                  -- shown to couriers; the full number is not kept
    code_hmac TEXT,                    -- HMAC of phone + pickup code (site key outside the db)
    qr_hmac TEXT,                      -- HMAC of the QR token
    return_code_hmac TEXT,
    status TEXT NOT NULL DEFAULT 'announced'
        CHECK (status IN ('announced', 'deposited', 'picked_up', 'expired', 'collected', 'cancelled')),
    compartment_id TEXT REFERENCES compartments(id),
    courier_id TEXT REFERENCES users(id),
    announced_at TEXT NOT NULL,
    deposited_at TEXT,
    expires_at TEXT,
    picked_up_at TEXT,
    expired_at TEXT,
    collected_at TEXT
);
-- One compartment never holds two parcels (invariant 5 of the sync protocol).
CREATE UNIQUE INDEX parcels_one_per_compartment ON parcels(compartment_id)
    WHERE compartment_id IS NOT NULL AND status IN ('deposited', 'expired');
CREATE INDEX parcels_status ON parcels(site_id, status);

CREATE TABLE door_journal (
    id TEXT PRIMARY KEY,
    compartment_id TEXT NOT NULL REFERENCES compartments(id),
    purpose TEXT NOT NULL,             -- deposit, pickup, return, collect, technician
    parcel_id TEXT REFERENCES parcels(id),
    user_id TEXT REFERENCES users(id),
    requested_at TEXT NOT NULL,        -- written BEFORE the unlock frame goes out
    outcome TEXT NOT NULL DEFAULT 'pending'
        CHECK (outcome IN ('pending', 'opened', 'not_opened', 'unknown', 'closed', 'reconciled')),
    opened_at TEXT,
    closed_at TEXT,
    note TEXT
);
CREATE INDEX door_journal_pending ON door_journal(outcome);

CREATE TABLE keypad_attempts (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL
);

-- Exceptions and audit -------------------------------------------------------------------------------
CREATE TABLE exceptions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                -- short_pick, weight_mismatch, door_fault, sync_rejection, conflict, ...
    raised_at TEXT NOT NULL,
    ref_type TEXT,
    ref_id TEXT,
    message TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    assigned_to TEXT REFERENCES users(id),
    acknowledged_by TEXT REFERENCES users(id),
    acknowledged_at TEXT
);
CREATE INDEX exceptions_open ON exceptions(status, raised_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    ref_type TEXT,
    ref_id TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);

-- Outbox and sync -----------------------------------------------------------------------------------
CREATE TABLE op_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO op_seq (id, last_seq) VALUES (1, 0);

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,           -- per terminal, +1 per op, no gaps
    op_id TEXT NOT NULL UNIQUE,        -- UUIDv7 made here
    name TEXT NOT NULL,
    args TEXT NOT NULL,                -- JSON
    at TEXT NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0,
    result TEXT                        -- applied / duplicate / rejected, from the backend
);
CREATE INDEX outbox_pending ON outbox(acked, seq);

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
