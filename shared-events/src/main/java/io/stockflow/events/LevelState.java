package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;

/**
 * One product in one warehouse, after a change. {@code available = max(0, onHand - reserved - safetyStock)}:
 * safety stock is held back from selling, never from onHand. {@code incoming} is the sum of the level's
 * open incoming lines and {@code nextIncomingAt} the earliest of their dates (null without one). Events
 * written before these three fields existed bind with 0, 0 and null.
 */
public record LevelState(
        String productId,
        String warehouseId,
        long onHand,
        long reserved,
        long available,
        long version,
        long lowStockThreshold,
        Instant updatedAt,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long safetyStock,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long incoming,
        Instant nextIncomingAt) {

    public LevelState {
        if (available != available(onHand, reserved, safetyStock)) {
            throw new IllegalArgumentException("available must equal max(0, onHand - reserved - safetyStock)");
        }
    }

    /** What can be sold or reserved: onHand less reserved and safety stock, never below 0. */
    public static long available(long onHand, long reserved, long safetyStock) {
        return Math.max(0, onHand - reserved - safetyStock);
    }

    /** A level without safety stock or incoming stock. */
    public static LevelState of(String productId, String warehouseId, long onHand, long reserved, long version,
            long lowStockThreshold, Instant updatedAt) {
        return of(productId, warehouseId, onHand, reserved, version, lowStockThreshold, updatedAt, 0, 0, null);
    }

    public static LevelState of(String productId, String warehouseId, long onHand, long reserved, long version,
            long lowStockThreshold, Instant updatedAt, long safetyStock, long incoming, Instant nextIncomingAt) {
        return new LevelState(productId, warehouseId, onHand, reserved, available(onHand, reserved, safetyStock),
                version, lowStockThreshold, updatedAt, safetyStock, incoming, nextIncomingAt);
    }
}
