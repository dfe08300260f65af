package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code warehouse.stock.updated}: onHand set to an absolute {@code quantity}, or the threshold changed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockUpdated(
        String productId,
        String warehouseId,
        long previousOnHand,
        long quantity,
        String reason,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
