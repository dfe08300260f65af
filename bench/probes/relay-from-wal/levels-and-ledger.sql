\set n1 random(1,20000)
\set n2 random(1,20000)
\set n3 random(1,20000)
\set n4 random(1,20000)
\set n5 random(1,20000)
\set n6 random(1,20000)
\set n7 random(1,20000)
\set n8 random(1,20000)
\set n9 random(1,20000)
\set n10 random(1,20000)
BEGIN;
WITH k AS (SELECT DISTINCT product_id, warehouse_id FROM probe_keys WHERE n IN (:n1,:n2,:n3,:n4,:n5,:n6,:n7,:n8,:n9,:n10)),
 u AS (UPDATE stock_level s SET on_hand = s.on_hand + 1, version = s.version + 1, updated_at = now(), change_xid = pg_current_xact_id() FROM k WHERE s.product_id = k.product_id AND s.warehouse_id = k.warehouse_id RETURNING s.product_id, s.warehouse_id, s.on_hand, s.reserved, s.version),
 l AS (INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved, on_hand_after, reserved_after, version_after, reason, actor) SELECT 'adjusted', product_id, warehouse_id, 1, 0, on_hand, reserved, version, 'received', 'probe' FROM u RETURNING sequence, product_id)
