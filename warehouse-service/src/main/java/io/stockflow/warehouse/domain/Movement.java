package io.stockflow.warehouse.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry: what changed on a level and its state afterwards. {@code deltaIncoming} and
 * {@code incomingId} are set by the changes of incoming lines only.
 */
public record Movement(
        MovementType type,
        LevelKey key,
        long deltaOnHand,
        long deltaReserved,
        long onHandAfter,
        long reservedAfter,
        long versionAfter,
        String reason,
        String reference,
        UUID reservationId,
        Instant occurredAt,
        long deltaIncoming,
        UUID incomingId) {
}
