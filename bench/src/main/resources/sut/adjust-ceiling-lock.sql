-- The warehouse's lock of one level (StockLevelRepository.LOCK_LEVEL, what lock takes for one key);
-- parameters: product, warehouse.
SELECT product_id, warehouse_id, on_hand, reserved, version, low_stock_threshold, low_stock, updated_at,
       safety_stock, incoming, next_incoming_at
  FROM stock_level
 WHERE product_id = ? AND warehouse_id = ? FOR UPDATE
