-- The warehouse's one-statement change set (ChangeSetWriter.write with OutboxWriter's tail):
-- levels, ledger entries, outbox rows. Parameters as JdbcAdjustCeiling.adjust binds them.
WITH levels AS (
    UPDATE stock_level s
       SET on_hand = v.on_hand, reserved = v.reserved, version = v.version,
           low_stock_threshold = v.threshold, low_stock = v.low_stock,
           updated_at = v.updated_at::timestamptz, change_xid = pg_current_xact_id(),
           safety_stock = v.safety_stock, incoming = v.incoming,
           next_incoming_at = v.next_incoming_at::timestamptz
      FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::bool[], ?::text[],
                  ?::int8[], ?::int8[], ?::text[])
           AS v(product_id, warehouse_id, on_hand, reserved, version, threshold, low_stock, updated_at,
                safety_stock, incoming, next_incoming_at)
     WHERE s.product_id = v.product_id AND s.warehouse_id = v.warehouse_id
    RETURNING 1
), ledger AS (
    INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved,
           on_hand_after, reserved_after, version_after, reason, reference, actor, on_behalf_of,
           idempotency_key, reservation_id, occurred_at, delta_incoming, incoming_id)
    SELECT m.type, m.product_id, m.warehouse_id, m.d_on_hand, m.d_reserved, m.on_hand, m.reserved,
           m.version, m.reason, m.reference, ?, ?, ?, m.reservation_id::uuid, m.occurred_at::timestamptz,
           m.d_incoming, m.incoming_id::uuid
      FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
                  ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])
           WITH ORDINALITY AS m(type, product_id, warehouse_id, d_on_hand, d_reserved, on_hand, reserved,
                  version, reason, reference, reservation_id, occurred_at, d_incoming, incoming_id, ord)
     ORDER BY m.ord
    RETURNING sequence, product_id
), product_sequence AS (
    SELECT product_id, max(sequence) AS sequence FROM ledger GROUP BY product_id
)
INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, traceparent, tracestate)
SELECT e.event_id::uuid, e.event_type, e.product_id, ps.sequence, e.occurred_at::timestamptz, e.data,
       ?::varchar, ?::varchar
  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
       WITH ORDINALITY AS e(event_id, event_type, product_id, occurred_at, data, ord)
  JOIN product_sequence ps ON ps.product_id = e.product_id
 ORDER BY e.ord
