package io.stockflow.events;

import java.time.Instant;

/** One product in one warehouse, after a change. {@code available = onHand - reserved}. */
public record LevelState(
        String productId,
        String warehouseId,
        long onHand,
        long reserved,
        long available,
        long version,
        long lowStockThreshold,
        Instant updatedAt) {

    public LevelState {
        if (available != onHand - reserved) {
            throw new IllegalArgumentException("available must equal onHand - reserved");
        }
    }

    public static LevelState of(String productId, String warehouseId, long onHand, long reserved, long version,
            long lowStockThreshold, Instant updatedAt) {
        return new LevelState(productId, warehouseId, onHand, reserved, onHand - reserved, version,
                lowStockThreshold, updatedAt);
    }
}
