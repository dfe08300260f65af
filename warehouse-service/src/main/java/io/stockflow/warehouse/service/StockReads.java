package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.warehouse.domain.LedgerEntry;
import java.util.List;
import java.util.Map;

/** What the stock reads answer with; rest/ writes them as the contract's JSON. */
public final class StockReads {

    private StockReads() {
    }

    public record ProductStock(String productId, long onHand, long reserved, long available, List<LevelState> warehouses) {
        public static ProductStock of(String productId, List<LevelState> levels) {
            long onHand = levels.stream().mapToLong(LevelState::onHand).sum();
            long reserved = levels.stream().mapToLong(LevelState::reserved).sum();
            // each level holds its own safety stock back, floored at 0 there
            long available = levels.stream().mapToLong(LevelState::available).sum();
            return new ProductStock(productId, onHand, reserved, available, levels);
        }
    }

    /** A product's totals; {@code warehouses} is null unless the per-warehouse levels were asked for. */
    public record StockTotals(long onHand, long reserved, long available, List<LevelState> warehouses) {
    }

    public record BulkStock(Map<String, StockTotals> stocks, List<String> missing) {
    }

    public record MovementPage(List<LedgerEntry> items, String nextCursor) {
    }

    public record ChangedLevels(List<LevelState> items, String nextCursor, boolean hasMore) {
    }
}
