SELECT count(pg_logical_emit_message(true, 'stockflow', repeat('x', 350))) FROM l;
COMMIT;
