-- The stock card: every change to the book stock of a location and SKU is one movement, written by
-- the op that makes it (terminal/inventory/ledger.py; the server's handlers write the same rows with
-- the same ids, backend/handlers/stock.py, and pull them to every terminal of the site). So for every
-- location and SKU, inventory.qty = the sum of its movements' deltas, here and on the server.
-- No foreign keys: a pulled movement may arrive in a page before its location or SKU.
CREATE TABLE stock_movements (
    id TEXT PRIMARY KEY,              -- '<op_id>.<n>' (n-th movement of that op); 'opening:<loc>|<sku>'
    at TEXT NOT NULL,
    location_code TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    delta INTEGER NOT NULL,
    kind TEXT NOT NULL,               -- terminal/inventory/ledger.py KINDS
    reason TEXT,                      -- the reason code of an adjustment, a short pick, a grade
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id TEXT NOT NULL DEFAULT '',
    user_id TEXT,
    lot TEXT,
    expiry TEXT
);
CREATE INDEX stock_movements_sku ON stock_movements(sku_code, at);
CREATE INDEX stock_movements_location ON stock_movements(location_code, sku_code);

-- What stood on the shelves before there was a stock card is its opening balance.
INSERT INTO stock_movements (id, at, location_code, sku_code, delta, kind)
SELECT 'opening:' || location_code || '|' || sku_code, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'),
       location_code, sku_code, qty, 'opening'
FROM inventory WHERE qty != 0;
