#!/usr/bin/env bash
# Creates the probe database: the warehouse's schema (from the running system's database) and 20,000 of its
# levels, plus probe_keys to pick them at random. Usage: setup.sh [source database, default warehouse]
set -euo pipefail
SRC=${1:-warehouse}
PSQL=(psql -q -h 127.0.0.1 -U postgres)
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS relay_probe" -c "CREATE DATABASE relay_probe"
pg_dump -h 127.0.0.1 -U postgres --schema-only "$SRC" | "${PSQL[@]}" relay_probe >/dev/null
tmp=$(mktemp -d)
"${PSQL[@]}" -d "$SRC" -c "\copy warehouse to $tmp/warehouse.csv csv" \
  -c "\copy (SELECT * FROM stock_level ORDER BY product_id, warehouse_id LIMIT 20000) to $tmp/levels.csv csv"
"${PSQL[@]}" -d relay_probe -c "\copy warehouse from $tmp/warehouse.csv csv" -c "\copy stock_level from $tmp/levels.csv csv" \
  -c "INSERT INTO outbox_watermark VALUES (true, 0, 0)" \
  -c "CREATE TABLE probe_keys AS SELECT row_number() OVER (ORDER BY product_id, warehouse_id)::int n, product_id,
        warehouse_id FROM stock_level; ALTER TABLE probe_keys ADD PRIMARY KEY (n)" \
  -c "CREATE PUBLICATION probe_pub" -c "VACUUM ANALYZE"
rm -r "$tmp"
