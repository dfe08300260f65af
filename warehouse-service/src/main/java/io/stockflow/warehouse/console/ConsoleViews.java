package io.stockflow.warehouse.console;

import io.stockflow.events.LevelState;
import io.stockflow.warehouse.domain.LedgerEntry;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.Reservation.Allocation;
import io.stockflow.warehouse.domain.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the console's templates show: the services' answers, shaped for a person reading a page. */
public final class ConsoleViews {

    private ConsoleViews() {
    }

    /** One level, and whether its available is below its threshold. */
    public record LevelRow(LevelState level, boolean low) {
        static LevelRow of(LevelState level) {
            return new LevelRow(level, level.available() < level.lowStockThreshold());
        }

        public long shortBy() {
            return Math.max(0, level.lowStockThreshold() - level.available());
        }
    }

    /**
     * A product's levels and totals. {@code signature} (the sum of its level versions) grows with
     * every change, so the live feed can tell whether a page shows the latest.
     */
    public record Product(String productId, long onHand, long reserved, long available, List<LevelRow> levels,
            List<Warehouse> warehouses) {

        static Product of(String productId, List<LevelState> levels, List<Warehouse> warehouses) {
            long onHand = levels.stream().mapToLong(LevelState::onHand).sum();
            long reserved = levels.stream().mapToLong(LevelState::reserved).sum();
            // the product's own warehouses first in the forms' choices, then the rest
            java.util.Set<String> stocked = levels.stream().map(LevelState::warehouseId)
                    .collect(java.util.stream.Collectors.toSet());
            List<Warehouse> ordered = java.util.stream.Stream.concat(
                    warehouses.stream().filter(w -> stocked.contains(w.warehouseId())),
                    warehouses.stream().filter(w -> !stocked.contains(w.warehouseId()))).toList();
            long available = levels.stream().mapToLong(LevelState::available).sum();
            return new Product(productId, onHand, reserved, available, levels.stream().map(LevelRow::of).toList(),
                    ordered);
        }

        public long signature() {
            return signature(levels.stream().map(LevelRow::level).toList());
        }

        public long lowCount() {
            return levels.stream().filter(LevelRow::low).count();
        }

        static long signature(List<LevelState> levels) {
            return levels.stream().mapToLong(LevelState::version).sum();
        }
    }

    /** One movement with the level before and after it. */
    public record Movement(LedgerEntry entry) {
        public long onHandBefore() {
            return entry.onHandAfter() - entry.deltaOnHand();
        }

        public long reservedBefore() {
            return entry.reservedAfter() - entry.deltaReserved();
        }
    }

    /** A page of a product's history, newest first, optionally of one warehouse. */
    public record History(String productId, String warehouseId, List<Movement> items, String nextCursor,
            boolean first, List<Warehouse> warehouses) {
    }

    public record ReservationRow(UUID reservationId, String status, String reference, Instant expiresAt,
            int extensions, Instant createdAt, List<Allocation> allocations) {
        static ReservationRow of(Reservation r) {
            return new ReservationRow(r.id(), r.status().wireName(), r.reference(), r.expiresAt(), r.extensions(),
                    r.createdAt(), r.allocations());
        }

        public boolean active() {
            return "active".equals(status);
        }
    }

    /** The count form: the level as it was read, the value to set, and what changed since, if it did. */
    public record Count(String productId, String warehouseId, long readOnHand, long readVersion, Long onHand,
            String reason, Conflict conflict) {
    }

    /** A count refused because the level moved on: the level now, and the movements since the read. */
    public record Conflict(String detail, LevelState current, List<Movement> since) {
    }

    /** A page of the levels that need attention. */
    public record Attention(String warehouseId, List<LevelRow> items, String cursor, String nextCursor,
            List<Warehouse> warehouses) {
    }
}
