package io.stockflow.catalog.domain;

import java.time.Instant;

/** A product's stock over all warehouses, as the read model holds it. */
public record ProductStock(
        long onHand,
        long reserved,
        long available,
        StockStatus status,
        WarehouseLevels warehouses,
        Instant updatedAt) {

    public record WarehouseStock(long onHand, long reserved, long available) {
    }

    public boolean inStock() {
        return status != StockStatus.OUT_OF_STOCK;
    }
}
