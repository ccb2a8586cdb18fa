-- Stats (issue 8): indexes the shift KPIs filter and join on, so a dashboard refresh over a
-- 50k-order shift stays well under its 200 ms budget. Only indexes: the 0001 schema already holds
-- every column the DESIGN §8 definitions need.
CREATE INDEX IF NOT EXISTS orders_packed_at ON orders(packed_at);
CREATE INDEX IF NOT EXISTS orders_ship_by ON orders(ship_by);
CREATE INDEX IF NOT EXISTS pick_tasks_line ON pick_tasks(line_id);
CREATE INDEX IF NOT EXISTS scan_events_rejected_order ON scan_events(order_id) WHERE accepted = 0;
CREATE INDEX IF NOT EXISTS exceptions_ref ON exceptions(ref_id);
CREATE INDEX IF NOT EXISTS exceptions_kind ON exceptions(kind, raised_at);
CREATE INDEX IF NOT EXISTS parcels_picked_up_at ON parcels(picked_up_at);
CREATE INDEX IF NOT EXISTS parcels_expires_at ON parcels(expires_at);
CREATE INDEX IF NOT EXISTS parcels_compartment ON parcels(compartment_id, deposited_at);
-- Covering indexes: the window scans read only the index, not the table rows.
CREATE INDEX IF NOT EXISTS scan_events_at_accepted ON scan_events(at, accepted);
CREATE INDEX IF NOT EXISTS orders_handed_over_otst ON orders(handed_over_at, created_at, status);
CREATE INDEX IF NOT EXISTS pick_tasks_done_picked ON pick_tasks(done_at, picked_qty);
CREATE INDEX IF NOT EXISTS order_lines_short ON order_lines(order_id) WHERE short_qty > 0;
CREATE INDEX IF NOT EXISTS orders_packed_status ON orders(packed_at, status);
