package io.stockflow.warehouse.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockflow.events.LevelState;
import io.stockflow.warehouse.domain.LedgerEntry;
import io.stockflow.warehouse.domain.Reservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the read and write paths answer with; the JSON shapes of the contract. */
public final class Views {

    private Views() {
    }

    public record ProductStock(String productId, long onHand, long reserved, long available, List<LevelState> warehouses) {
        public static ProductStock of(String productId, List<LevelState> levels) {
            long onHand = levels.stream().mapToLong(LevelState::onHand).sum();
            long reserved = levels.stream().mapToLong(LevelState::reserved).sum();
            return new ProductStock(productId, onHand, reserved, onHand - reserved, levels);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StockTotals(long onHand, long reserved, long available, List<LevelState> warehouses) {
    }

    public record BulkStock(Map<String, StockTotals> stocks, List<String> missing) {
    }

    public record Transferred(LevelState from, LevelState to) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReservationView(UUID reservationId, String status, String reference, Instant expiresAt,
            Instant createdAt, Instant updatedAt, List<Reservation.Allocation> allocations) {
        public static ReservationView of(Reservation r) {
            return new ReservationView(r.id(), r.status().wireName(), r.reference(), r.expiresAt(), r.createdAt(),
                    r.updatedAt(), r.allocations());
        }
    }

    public record MovementPage(List<LedgerEntry> items, String nextCursor) {
    }

    public record ChangedLevels(List<LevelState> items, String nextCursor, boolean hasMore) {
    }

    public record Warehouses(List<io.stockflow.warehouse.domain.Warehouse> items) {
    }

    /** One line of a batch: the level after it, or why it was refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchLine(int index, boolean success, LevelState level, LineError error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineError(int status, String errorType, String detail, List<LevelState> current) {
    }

    public record BatchSummary(int total, int applied, int failed) {
    }

    public record BatchResult(boolean atomic, List<BatchLine> results, BatchSummary summary) {
    }
}
