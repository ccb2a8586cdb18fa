-- Stats (issue 16): the locker KPIs read where a parcel was from its deposit's audit row (a parcel
-- that has left has no compartment_id) and when compartments went out of / back into service from
-- theirs, as of the window's end. Each is a small range here instead of a scan of the audit log.
CREATE INDEX IF NOT EXISTS audit_log_parcel_deposit ON audit_log(ref_id)
    WHERE action IN ('parcel_deposited', 'return_dropped');
CREATE INDEX IF NOT EXISTS audit_log_compartment_service ON audit_log(at, ref_id, action)
    WHERE action IN ('compartment_out_of_service', 'compartment_back_in_service');
CREATE INDEX IF NOT EXISTS exceptions_compartment_faults ON exceptions(raised_at, ref_id)
    WHERE kind = 'door_fault' AND ref_type = 'compartment';
-- The parcels in a compartment at some time in a window: those still in, and those that left after
-- its start (parcels_picked_up_at is in 0060).
CREATE INDEX IF NOT EXISTS parcels_still_in ON parcels(deposited_at)
    WHERE picked_up_at IS NULL AND collected_at IS NULL;
CREATE INDEX IF NOT EXISTS parcels_collected_at ON parcels(collected_at);
