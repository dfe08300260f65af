package io.stockflow.warehouse.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored ledger entry, as the movements read returns it: {@code actor} is the principal that made
 * the change, {@code onBehalfOf} whom it said it acted for (absent when it did not say);
 * {@code deltaIncoming} and {@code incomingId} tell what an incoming line's change moved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(
        long sequence,
        String type,
        String warehouseId,
        long deltaOnHand,
        long deltaReserved,
        long onHandAfter,
        long reservedAfter,
        long versionAfter,
        String reason,
        String reference,
        UUID reservationId,
        String actor,
        String onBehalfOf,
        Instant occurredAt,
        long deltaIncoming,
        UUID incomingId) {
}
