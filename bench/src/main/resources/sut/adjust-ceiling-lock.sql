-- The warehouse's level lock (StockLevelRepository.lock) for one adjustment; parameters: products, warehouses.
SELECT product_id, warehouse_id, on_hand, reserved, version, low_stock_threshold, low_stock, updated_at,
       safety_stock, incoming, next_incoming_at
  FROM stock_level
 WHERE (product_id, warehouse_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
 ORDER BY product_id, warehouse_id FOR UPDATE
