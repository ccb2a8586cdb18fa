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
CREATE INDEX IF NOT EXISTS pick_tasks_done_picker ON pick_tasks(done_at, picked_qty, picker_id);
-- One person's consecutive picks / packs (the seconds-per-step estimate), in the order the window
-- function reads them, so it needs no sort.
CREATE INDEX IF NOT EXISTS pick_tasks_steps ON pick_tasks(coalesce(picker_id, ''), done_at) WHERE status = 'done';
CREATE INDEX IF NOT EXISTS packages_steps ON packages(coalesce(packed_by, ''), packed_at);
