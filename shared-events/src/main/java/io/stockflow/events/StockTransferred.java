package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code warehouse.stock.transferred}: both levels, source first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockTransferred(
        String productId,
        String fromWarehouseId,
        String toWarehouseId,
        long quantity,
        String reference,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
