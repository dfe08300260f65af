package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code warehouse.stock.reservation_extended}: a reservation's lease now ends at {@code expiresAt}
 * (its {@code extensions}-th extension). No quantity moves: each level holding part of it ({@code
 * quantity}, summed over the product's warehouses) reports its new version only, as the ledger does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReservationExtended(
        String productId,
        UUID reservationId,
        long quantity,
        Instant expiresAt,
        int extensions,
        String reference,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
