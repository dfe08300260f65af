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

    /**
     * The record's default, 31 * h(productId) + h(warehouseId), collides massively for ids that
     * differ in their last characters (SKU-000001... x WH-01...): HashMap bins overflow into trees.
     * Both string hashes go into one 64-bit value, mixed by the SplitMix64 finaliser and folded.
     */
    @Override
    public int hashCode() {
        long h = ((long) productId.hashCode() << 32) ^ (warehouseId.hashCode() & 0xffff_ffffL);
        h = (h ^ (h >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d0_49bb_1331_11ebL;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }
}
