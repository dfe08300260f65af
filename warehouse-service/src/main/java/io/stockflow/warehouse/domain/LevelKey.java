package io.stockflow.warehouse.domain;

import java.util.Comparator;

/** Identifies one product in one warehouse. Sorted order is the lock order, so crossing writers never deadlock. */
public record LevelKey(String productId, String warehouseId) implements Comparable<LevelKey> {

    private static final Comparator<LevelKey> ORDER =
            Comparator.comparing(LevelKey::productId).thenComparing(LevelKey::warehouseId);

    @Override
    public int compareTo(LevelKey other) {
        return ORDER.compare(this, other);
    }
}
