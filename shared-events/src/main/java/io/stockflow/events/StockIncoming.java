package io.stockflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code warehouse.stock.incoming}: an incoming line (purchase order or ASN line) was expected, received
 * in part or whole, or cancelled. {@code quantity} is what this change moved: the line's quantity
 * ({@code expected}), the units received now (which joined onHand, {@code received}) or the open units
 * dropped ({@code cancelled}); {@code open} is what the line still brings afterwards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockIncoming(
        String productId,
        String warehouseId,
        UUID incomingId,
        String action,
        long quantity,
        long open,
        Instant expectedAt,
        String reference,
        String actor,
        List<LevelState> levels) implements StockEvent {

    public static final String EXPECTED = "expected";
    public static final String RECEIVED = "received";
    public static final String CANCELLED = "cancelled";
}
