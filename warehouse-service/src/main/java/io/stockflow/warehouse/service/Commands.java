package io.stockflow.warehouse.service;

import io.stockflow.warehouse.domain.Reason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The validated inputs of the write paths. */
public final class Commands {

    private Commands() {
    }

    public record Adjust(String productId, String warehouseId, long delta, Reason reason, String reference,
            Long expectedVersion) {
    }

    public record SetOnHand(String productId, String warehouseId, long onHand, Reason reason, Long expectedVersion) {
    }

    public record Transfer(String productId, String fromWarehouseId, String toWarehouseId, long quantity,
            String reference) {
    }

    public record ExpectIncoming(UUID incomingId, String productId, String warehouseId, long quantity,
            Instant expectedAt, String reference) {
    }

    public record Reserve(UUID reservationId, List<Line> lines, long ttlSeconds, String reference) {
        public record Line(String productId, String warehouseId, long quantity) {
        }
    }
}
