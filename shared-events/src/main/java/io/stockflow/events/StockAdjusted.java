package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** {@code warehouse.stock.adjusted}: onHand moved by {@code delta}; also a committed reservation (reason sold). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockAdjusted(
        String productId,
        String warehouseId,
        long delta,
        String reason,
        String reference,
        UUID reservationId,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
