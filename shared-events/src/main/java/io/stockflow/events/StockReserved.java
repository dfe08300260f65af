package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** {@code warehouse.stock.reserved}: one event per product of a reservation, {@code quantity} summed over its warehouses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockReserved(
        String productId,
        UUID reservationId,
        long quantity,
        String reference,
        String actor,
        List<LevelState> levels) implements StockEvent {
}
