package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code warehouse.inventory.low_stock}: available fell below the threshold; once per crossing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LowStock(
        String productId,
        String warehouseId,
        long available,
        long threshold,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
