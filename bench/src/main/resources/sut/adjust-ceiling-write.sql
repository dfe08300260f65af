-- The warehouse's one-statement change set for one level, movement and event (ChangeSetWriter.WRITE_ONE
-- with OutboxWriter's INSERT_ONE_AFTER_LEDGER): level, ledger entry, outbox row. Parameters as
-- JdbcAdjustCeiling.adjust binds them.
WITH levels AS (
    UPDATE stock_level
       SET on_hand = ?, reserved = ?, version = ?, low_stock_threshold = ?, low_stock = ?,
           updated_at = ?, change_xid = pg_current_xact_id(), safety_stock = ?, incoming = ?,
           next_incoming_at = ?
     WHERE product_id = ? AND warehouse_id = ?
    RETURNING 1
), ledger AS (
    INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved,
           on_hand_after, reserved_after, version_after, reason, reference, actor, on_behalf_of,
           idempotency_key, reservation_id, occurred_at, delta_incoming, incoming_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?::uuid)
    RETURNING sequence, product_id
)
INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, traceparent, tracestate)
SELECT ?::uuid, ?, l.product_id, l.sequence, ?, ?, ?, ? FROM ledger l
