package io.stockflow.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** Product details the catalog owns. */
public record Product(
        String productId,
        String name,
        String description,
        BigDecimal price,
        String currency,
        String category,
        Instant updatedAt) {
}
