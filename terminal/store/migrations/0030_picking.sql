-- Picking: indexes the batch builder and the shift-rate estimates need on large databases.
CREATE INDEX IF NOT EXISTS pick_tasks_open ON pick_tasks(status, sku_code, location_code);
CREATE INDEX IF NOT EXISTS pick_tasks_done ON pick_tasks(done_at);
CREATE INDEX IF NOT EXISTS packages_packed ON packages(packed_at);
CREATE INDEX IF NOT EXISTS pick_batches_picker ON pick_batches(picker_id, status);
-- open work in priority order: (ship_by, service, created_at) — service names sort in rank order
CREATE INDEX IF NOT EXISTS orders_priority ON orders(status, ship_by, service, created_at, id);
