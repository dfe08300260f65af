package io.stockflow.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A product as clients read it (CONTRACT.md, catalog service); {@code stock} is null when unknown. */
public record ProductJson(
        String productId,
        String name,
        String description,
        BigDecimal price,
        String currency,
        String category,
        StockJson stock) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StockJson(long onHand, long reserved, long available, StockStatus status,
            Map<String, WarehouseJson> warehouses, Instant updatedAt) {
    }

    public record WarehouseJson(long onHand, long reserved, long available) {
    }

    public static ProductJson of(ProductView view) {
        Product p = view.product();
        return new ProductJson(p.productId(), p.name(), p.description(), p.price(), p.currency(), p.category(),
                stock(view.stock()));
    }

    private static StockJson stock(ProductStock stock) {
        if (stock == null) {
            return null;
        }
        Map<String, WarehouseJson> warehouses = new LinkedHashMap<>();
        stock.warehouses().forEach((id, w) -> warehouses.put(id, new WarehouseJson(w.onHand(), w.reserved(), w.available())));
        return new StockJson(stock.onHand(), stock.reserved(), stock.available(), stock.status(), warehouses,
                stock.updatedAt());
    }
}
