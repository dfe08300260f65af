-- The recently-updated feed pages through the ledger instead of stock_level. Every change of a level
-- moved two indexed columns of its row (change_xid, updated_at), so no update of stock_level was HOT:
-- each one inserted into all four of its indexes and logged their pages. The ledger is append-only and
-- gets one row per change anyway; it now carries the writing transaction's id, and its index over
-- (change_xid, product_id, warehouse_id) replaces the two of stock_level. A level's entry in the feed
-- is its latest ledger row (version_after = the level's version), at that row's transaction, as before.
-- stock_level keeps both columns unindexed (a since-only first page scans it, once per reader), and
-- leaves a tenth of each page free so that an update finds room for its new version on the same page.
ALTER TABLE stock_movement ADD COLUMN change_xid xid8 NULL;
ALTER TABLE stock_movement ALTER COLUMN change_xid SET DEFAULT pg_current_xact_id();

-- each level's latest entry gets its level's transaction id (older entries are never served: a level's
-- place in the feed is its latest change); the append-only trigger is off for this one backfill
ALTER TABLE stock_movement DISABLE TRIGGER stock_movement_no_update_or_delete;
UPDATE stock_movement m SET change_xid = l.change_xid
  FROM stock_level l
 WHERE m.product_id = l.product_id AND m.warehouse_id = l.warehouse_id AND m.version_after = l.version;
ALTER TABLE stock_movement ENABLE TRIGGER stock_movement_no_update_or_delete;

CREATE INDEX stock_movement_change_idx ON stock_movement (change_xid, product_id, warehouse_id)
 WHERE change_xid IS NOT NULL;
DROP INDEX stock_level_change_idx;
DROP INDEX stock_level_updated_at_idx;
ALTER TABLE stock_level SET (fillfactor = 90);
