-- Receiving and putaway (terminal/inventory/receiving*.py; the server's twin is backend/handlers/receiving.py).
-- An inbound delivery is announced by the backend (an ASN or purchase order posted to POST /v1/inbound,
-- pulled as `inbound` + `inbound_line`) or started at the dock without one (source 'unannounced').
-- Received units stand at the site's DOCK location (an inactive pseudo-location, so no picker is sent
-- there) on a licence plate (an SSCC), one receipt line per scan; putaway moves a line from DOCK to a
-- shelf and stamps put_away_at. All four tables are pulled, so any station can put away what another
-- received. No foreign keys: a pulled row may arrive in a page before what it names.
CREATE TABLE inbound_deliveries (
    id TEXT PRIMARY KEY,
    ref TEXT NOT NULL,                  -- the ASN's external id, or the delivery note as scanned
    supplier TEXT,
    source TEXT NOT NULL DEFAULT 'asn', -- 'asn' | 'unannounced'
    status TEXT NOT NULL DEFAULT 'announced',   -- 'announced' | 'receiving' | 'closed'
    expected_at TEXT,
    created_at TEXT,
    started_at TEXT,
    closed_at TEXT,
    closed_by TEXT
);
CREATE INDEX inbound_deliveries_ref ON inbound_deliveries(ref);

CREATE TABLE inbound_lines (
    id TEXT PRIMARY KEY,
    inbound_id TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    sku_code TEXT NOT NULL,
    expected_qty INTEGER NOT NULL
);
CREATE INDEX inbound_lines_inbound ON inbound_lines(inbound_id);

CREATE TABLE licence_plates (
    code TEXT PRIMARY KEY,              -- an SSCC (18 digits), printed as GS1-128 (00)
    inbound_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT
);
CREATE INDEX licence_plates_inbound ON licence_plates(inbound_id);

CREATE TABLE receipt_lines (
    id TEXT PRIMARY KEY,
    inbound_id TEXT NOT NULL,
    lpn TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    qty INTEGER NOT NULL,
    lot TEXT,
    expiry TEXT,                        -- YYYY-MM-DD, from GS1 AI (17)
    received_at TEXT NOT NULL,
    received_by TEXT,
    location_code TEXT,                 -- where it was put away
    suggested_location TEXT,
    put_away_at TEXT,
    put_away_by TEXT
);
CREATE INDEX receipt_lines_inbound ON receipt_lines(inbound_id);
CREATE INDEX receipt_lines_lpn ON receipt_lines(lpn);
CREATE INDEX receipt_lines_put_away ON receipt_lines(put_away_at);
