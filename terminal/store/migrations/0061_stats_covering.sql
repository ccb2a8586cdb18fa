-- Stats (issue 8): covering indexes so one dashboard refresh over a 50k-order shift reads index
-- b-trees only (no row look-ups per order) and the rate estimate reads its steps already in order.
-- The at-risk / late counts: a range of ship_by, everything "open at the moment" needs, in the index.
CREATE INDEX IF NOT EXISTS orders_risk
    ON orders(ship_by, created_at, handed_over_at, status, cancelled_at, picked_at, packed_at, id);
CREATE INDEX IF NOT EXISTS pick_tasks_line_done ON pick_tasks(line_id, done_at);
-- Orders packed / handed over in the window, with the id the joins need (perfect orders, fill rate, people).
CREATE INDEX IF NOT EXISTS orders_packed_id ON orders(packed_at, status, id);
CREATE INDEX IF NOT EXISTS orders_handed_over_id ON orders(handed_over_at, status, created_at, id);
CREATE INDEX IF NOT EXISTS order_lines_qty ON order_lines(order_id, qty, packed_qty);
CREATE INDEX IF NOT EXISTS packages_order_packer ON packages(order_id, packed_by);
-- Each picker's lines in the window: one index range per person, counted without a sort.
CREATE INDEX IF NOT EXISTS pick_tasks_picker_done ON pick_tasks(picker_id, done_at, picked_qty);
-- The most lines an order has (the at-risk reach): the last entry, not a scan of every line.
CREATE INDEX IF NOT EXISTS order_lines_line_no ON order_lines(line_no);
-- Rejected scans in the window (the scan error rate's numerator): a small range of its own.
CREATE INDEX IF NOT EXISTS scan_events_rejected_at ON scan_events(at) WHERE accepted = 0;
-- One person's consecutive picks / packs (the seconds-per-step estimate), in the order the window
-- function reads them, so it needs no sort (the raw columns too: SQLite 3.40 reads an indexed
-- expression's columns, not the expression, so without them the index would not cover the query).
CREATE INDEX IF NOT EXISTS pick_tasks_steps
    ON pick_tasks(coalesce(picker_id, ''), done_at, picker_id, status) WHERE status = 'done';
CREATE INDEX IF NOT EXISTS packages_steps ON packages(coalesce(packed_by, ''), packed_at, packed_by);
