-- Availability you can promise: incoming stock with dates and safety stock per level.
--
-- A level keeps what its open incoming lines bring (incoming, the sum) and when the first is due
-- (next_incoming_at), maintained in the same transaction as the lines, so reads need no join.
-- safety_stock is held back from available (max(0, on_hand - reserved - safety_stock)), never from on_hand.
ALTER TABLE stock_level
    ADD COLUMN safety_stock     bigint      NOT NULL DEFAULT 0,
    ADD COLUMN incoming         bigint      NOT NULL DEFAULT 0,
    ADD COLUMN next_incoming_at timestamptz NULL,
    ADD CONSTRAINT stock_level_safety_stock_non_negative CHECK (safety_stock >= 0),
    ADD CONSTRAINT stock_level_incoming_non_negative CHECK (incoming >= 0);

-- One purchase-order or ASN line: quantity expected at a date, received in parts, or cancelled.
CREATE TABLE incoming_line (
    incoming_id  uuid         PRIMARY KEY,
    product_id   varchar(64)  NOT NULL,
    warehouse_id varchar(64)  NOT NULL REFERENCES warehouse (warehouse_id),
    quantity     bigint       NOT NULL,
    received     bigint       NOT NULL DEFAULT 0,
    expected_at  timestamptz  NOT NULL,
    reference    varchar(256) NULL,
    status       varchar(16)  NOT NULL,
    actor        varchar(128) NOT NULL,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    CONSTRAINT incoming_line_quantity_positive CHECK (quantity > 0),
    CONSTRAINT incoming_line_received_in_range CHECK (received >= 0 AND received <= quantity),
    CONSTRAINT incoming_line_status_known CHECK (status IN ('open', 'received', 'cancelled'))
);

-- a level's open lines (its incoming and next date) and a product's (the availability timeline)
CREATE INDEX incoming_line_open_idx ON incoming_line (product_id, warehouse_id, expected_at) WHERE status = 'open';

-- The ledger records what an incoming line moved: delta_incoming, and the line it belongs to.
ALTER TABLE stock_movement
    ADD COLUMN delta_incoming bigint NOT NULL DEFAULT 0,
    ADD COLUMN incoming_id    uuid   NULL,
    DROP CONSTRAINT stock_movement_type_known,
    ADD CONSTRAINT stock_movement_type_known CHECK (type IN ('adjusted', 'set', 'transfer_out', 'transfer_in',
        'reserved', 'released', 'expired', 'committed', 'threshold', 'extended', 'incoming', 'received',
        'incoming_cancelled', 'safety_stock'));
