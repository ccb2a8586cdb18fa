-- Indexes for the time-window queries of the shift statistics and the start-up door reconciliation.
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_handed_over ON orders(handed_over_at);
CREATE INDEX packages_packed ON packages(packed_at);
CREATE INDEX pick_tasks_done ON pick_tasks(done_at);
CREATE INDEX parcels_deposited ON parcels(deposited_at);
CREATE INDEX user_sessions_role ON user_sessions(role, login_at);
