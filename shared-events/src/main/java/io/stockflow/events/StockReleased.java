package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** {@code warehouse.stock.released}: reason {@code released} (by request) or {@code expired} (by the service). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockReleased(
        String productId,
        UUID reservationId,
        long quantity,
        String reason,
        String actor,
        List<LevelState> levels) implements StockEvent {

    public static final String REASON_RELEASED = "released";
    public static final String REASON_EXPIRED = "expired";
}
