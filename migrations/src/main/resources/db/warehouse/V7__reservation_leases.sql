-- Reservation leases: an active reservation's expiry can be pushed later (POST .../extend). Each
-- extension is a ledger entry of type 'extended' on every level the reservation holds stock in (no
-- quantity moves; the version does, as for a threshold change), so the ledger tells when and by whom.
ALTER TABLE reservation ADD COLUMN extensions int NOT NULL DEFAULT 0;
ALTER TABLE reservation ADD CONSTRAINT reservation_extensions_non_negative CHECK (extensions >= 0);

ALTER TABLE stock_movement DROP CONSTRAINT stock_movement_type_known;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_type_known CHECK (type IN ('adjusted', 'set',
    'transfer_out', 'transfer_in', 'reserved', 'released', 'expired', 'committed', 'threshold', 'extended'));
