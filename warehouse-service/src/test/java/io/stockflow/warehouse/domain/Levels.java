package io.stockflow.warehouse.domain;

import java.time.Instant;

/** Object mother: stock levels as a domain test wants them, no database involved. */
final class Levels {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-12-05T10:00:01Z");
    /** The service-wide low-stock threshold the levels follow until they have their own. */
    static final long DEFAULT_THRESHOLD = 10;

    private Levels() {
    }

    static LevelKey key(String product, String warehouse) {
        return new LevelKey(product, warehouse);
    }

    /** An existing level at version 3 with no threshold of its own (so {@link #DEFAULT_THRESHOLD}). */
    static StockLevel level(String product, String warehouse, long onHand, long reserved) {
        return StockLevel.existing(key(product, warehouse), onHand, reserved, 3, null, DEFAULT_THRESHOLD, false, T0);
    }

    static StockLevel level(long onHand, long reserved) {
        return level("SKU-1", "WH-1", onHand, reserved);
    }
}
