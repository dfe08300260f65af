-- Warehouse write model. The movement ledger is the history; stock_level is its projection,
-- updated in the same transaction as each movement.

CREATE TABLE warehouse (
    warehouse_id varchar(64)  PRIMARY KEY,
    name         varchar(256) NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE stock_level (
    product_id          varchar(64) NOT NULL,
    warehouse_id        varchar(64) NOT NULL REFERENCES warehouse (warehouse_id),
    on_hand             bigint      NOT NULL,
    reserved            bigint      NOT NULL,
    version             bigint      NOT NULL,
    -- NULL: the configured default threshold applies
    low_stock_threshold bigint      NULL,
    -- whether available is currently below the threshold, so low_stock fires once per crossing
    low_stock           boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- the writing transaction: recently-updated pages by it and serves only transactions older
    -- than the oldest one still running, so a late commit is never skipped
    change_xid          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (product_id, warehouse_id),
    CONSTRAINT stock_level_on_hand_non_negative CHECK (on_hand >= 0),
    CONSTRAINT stock_level_reserved_in_range CHECK (reserved >= 0 AND reserved <= on_hand),
    -- 0 only inside the transaction creating the level, which always brings it to 1 before commit
    CONSTRAINT stock_level_version_non_negative CHECK (version >= 0),
    CONSTRAINT stock_level_threshold_non_negative CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0)
);

CREATE INDEX stock_level_warehouse_idx ON stock_level (warehouse_id);
CREATE INDEX stock_level_change_idx ON stock_level (change_xid, product_id, warehouse_id);
CREATE INDEX stock_level_updated_at_idx ON stock_level (updated_at);

-- Append-only: every change of every level, in allocation order.
CREATE TABLE stock_movement (
    sequence        bigserial    PRIMARY KEY,
    type            varchar(32)  NOT NULL,
    product_id      varchar(64)  NOT NULL,
    warehouse_id    varchar(64)  NOT NULL,
    delta_on_hand   bigint       NOT NULL,
    delta_reserved  bigint       NOT NULL,
    on_hand_after   bigint       NOT NULL,
    reserved_after  bigint       NOT NULL,
    version_after   bigint       NOT NULL,
    reason          varchar(32)  NOT NULL,
    reference       varchar(256) NULL,
    actor           varchar(128) NOT NULL,
    idempotency_key varchar(256) NULL,
    reservation_id  uuid         NULL,
    occurred_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT stock_movement_type_known CHECK (type IN ('adjusted', 'set', 'transfer_out', 'transfer_in',
        'reserved', 'released', 'expired', 'committed', 'threshold'))
);

CREATE INDEX stock_movement_product_idx ON stock_movement (product_id, sequence DESC);
CREATE INDEX stock_movement_level_idx ON stock_movement (product_id, warehouse_id, sequence);

CREATE FUNCTION stock_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movement is append-only (% rejected)', TG_OP;
END;
$$;

CREATE TRIGGER stock_movement_no_update_or_delete
    BEFORE UPDATE OR DELETE ON stock_movement
    FOR EACH ROW EXECUTE FUNCTION stock_movement_append_only();

CREATE TABLE reservation (
    reservation_id uuid         PRIMARY KEY,
    status         varchar(16)  NOT NULL,
    reference      varchar(256) NULL,
    actor          varchar(128) NOT NULL,
    expires_at     timestamptz  NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT reservation_status_known CHECK (status IN ('active', 'released', 'committed', 'expired'))
);

CREATE INDEX reservation_active_expiry_idx ON reservation (expires_at) WHERE status = 'active';

CREATE TABLE reservation_allocation (
    reservation_id uuid        NOT NULL REFERENCES reservation (reservation_id),
    product_id     varchar(64) NOT NULL,
    warehouse_id   varchar(64) NOT NULL,
    quantity       bigint      NOT NULL,
    PRIMARY KEY (reservation_id, product_id, warehouse_id),
    CONSTRAINT reservation_allocation_quantity_positive CHECK (quantity > 0)
);

-- Stripe-style idempotency: claimed first in the change's transaction (a concurrent duplicate blocks
-- on the primary key until the first transaction ends), the response stored before commit.
CREATE TABLE idempotency_key (
    idempotency_key varchar(256) PRIMARY KEY,
    fingerprint     varchar(64)  NOT NULL,
    response_status int          NULL,
    response_body   text         NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    expires_at      timestamptz  NOT NULL
);

CREATE INDEX idempotency_key_expiry_idx ON idempotency_key (expires_at);

-- Transactional outbox: one row per CloudEvent, written in the change's transaction.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    event_id     uuid         NOT NULL UNIQUE,
    event_type   varchar(64)  NOT NULL,
    product_id   varchar(64)  NOT NULL,
    -- highest ledger sequence among the movements the event reports (CloudEvent extension)
    sequence     bigint       NOT NULL,
    occurred_at  timestamptz  NOT NULL,
    data         text         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz  NULL
);

CREATE INDEX outbox_unpublished_idx ON outbox (sequence) WHERE published_at IS NULL;
CREATE INDEX outbox_product_idx ON outbox (product_id, sequence);
