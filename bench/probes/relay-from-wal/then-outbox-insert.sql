INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data) SELECT gen_random_uuid(), 'stock.adjusted', product_id, sequence, now(), repeat('x', 350) FROM l;
COMMIT;
