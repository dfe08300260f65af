package io.stockflow.catalog.support;

import io.stockflow.events.LevelState;
import java.time.Instant;
import java.util.UUID;

/** Object mother for levels and ids; every test works on fresh product ids. */
public final class Levels {

    public static final long THRESHOLD = 5;
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    private Levels() {
    }

    public static String newProductId() {
        return "SKU-T-" + UUID.randomUUID();
    }

    /** A level at {@code version}, its time derived from the version so later versions are later. */
    public static LevelState level(String productId, String warehouseId, long onHand, long reserved, long version) {
        return LevelState.of(productId, warehouseId, onHand, reserved, version, THRESHOLD, BASE.plusSeconds(version));
    }

    /** A level as of now, for the sync's recently-updated window. */
    public static LevelState recentLevel(String productId, String warehouseId, long onHand, long version) {
        return LevelState.of(productId, warehouseId, onHand, 0, version, THRESHOLD, Instant.now());
    }
}
