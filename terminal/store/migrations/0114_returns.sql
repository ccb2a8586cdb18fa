-- Returns at the warehouse (issue 19 §4): a returned parcel is scanned in against its order, each item
-- is graded (restock / quarantine / dispose) and the return is complete. Written by the ops in
-- terminal/inventory/returns_ops.py; the server keeps the same facts as private `return` entities
-- (backend/handlers/returns.py) and tells the shop (return.received, return.graded).
-- Stock moves only through the stock card (stock_movements, kind 'return'); these tables say why.
CREATE TABLE returns (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    scanned TEXT NOT NULL DEFAULT '',   -- what found the order: tracking number, SSCC, order ref, return code
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'graded')),
    received_at TEXT NOT NULL,
    received_by TEXT,
    graded_at TEXT,                     -- when the last item was graded and the return closed
    graded_by TEXT
);
CREATE INDEX returns_received ON returns(received_at);
CREATE INDEX returns_graded ON returns(graded_at);
CREATE INDEX returns_order ON returns(order_id);

CREATE TABLE return_items (
    id TEXT PRIMARY KEY,                -- the grading op's id
    return_id TEXT NOT NULL REFERENCES returns(id),
    line_id TEXT,                       -- the order line; NULL: the item is not in the order
    sku_code TEXT NOT NULL,
    qty INTEGER NOT NULL CHECK (qty > 0),
    grade TEXT NOT NULL CHECK (grade IN ('restock', 'quarantine', 'dispose')),
    location_code TEXT,                 -- where it went (restock, quarantine); NULL when disposed
    reason TEXT,
    graded_at TEXT NOT NULL,
    user_id TEXT
);
CREATE INDEX return_items_return ON return_items(return_id);
CREATE INDEX return_items_line ON return_items(line_id);
