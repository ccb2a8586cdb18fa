-- Cycle counts (terminal/inventory/counts_ops.py; issue 19 §3). Both tables are pulled entities: a
-- count task made on one terminal (a short pick, the ABC schedule) is counted on another, and every
-- count — with or without a difference — is the inventory record accuracy KPI's sample
-- (terminal/stats/count_accuracy.py). The server's handlers write the same rows (backend/handlers/counts.py).
CREATE TABLE count_tasks (
    id TEXT PRIMARY KEY,              -- 'short:<pick task id>' or 'abc:<day>:<location>|<sku>'
    location_code TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    source TEXT NOT NULL,             -- 'short' | 'abc_A' | 'abc_B' | 'abc_C'
    ref_id TEXT NOT NULL DEFAULT '',  -- the pick task of a short pick
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',   -- open | done
    count_id TEXT                     -- the stock count that closed it
);
CREATE INDEX count_tasks_open ON count_tasks(status, location_code, sku_code);

CREATE TABLE stock_counts (
    id TEXT PRIMARY KEY,              -- the CountBooked op's id
    at TEXT NOT NULL,
    location_code TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    counted INTEGER NOT NULL,
    book INTEGER NOT NULL,            -- the book quantity when it was booked (never shown before)
    difference INTEGER NOT NULL,      -- counted - book: the `count` movement's delta
    reason TEXT,                      -- the reason code when there was a difference
    user_id TEXT,
    supervisor_id TEXT,               -- who approved a difference above the threshold
    recounted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stock_counts_at ON stock_counts(at);
CREATE INDEX stock_counts_key ON stock_counts(location_code, sku_code, at);
