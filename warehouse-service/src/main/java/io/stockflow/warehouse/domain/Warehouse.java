package io.stockflow.warehouse.domain;

import java.time.Instant;

public record Warehouse(String warehouseId, String name, Instant createdAt) {
}
