package io.stockflow.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockflow.catalog.domain.StockStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A product as clients read it (CONTRACT.md, catalog service); {@code stock} is null when unknown.
 * Documents the shape (OpenAPI) and is what ProductJsonWriterTest holds {@link ProductJsonWriter},
 * which renders responses, to: Jackson databind of these records, byte for byte.
 */
public record ProductJson(
        String productId,
        String name,
        String description,
        BigDecimal price,
        String currency,
        String category,
        StockJson stock) {

    /** {@code restockDate} is always there (null while something is available); updatedAt only once known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StockJson(long onHand, long reserved, long available, StockStatus status,
            Map<String, WarehouseJson> warehouses, long incoming,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant restockDate, Instant updatedAt) {
    }

    public record WarehouseJson(long onHand, long reserved, long available, long incoming, Instant nextIncomingAt) {
    }
}
