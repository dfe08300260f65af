package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.client.WarehouseClient;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockRequest;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockResponse;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.StockStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Stock for products: from Redis, and for those Redis lacks, read through from the warehouse's bulk
 * API and stored (snapshots pass the same version check as events, so a newer event is never
 * overwritten). A product the warehouse cannot answer for stays unknown (empty), never "out of stock".
 */
@ApplicationScoped
public class StockReadThrough {

    private static final Logger LOG = Logger.getLogger(StockReadThrough.class);
    /** The warehouse's bulk API takes up to this many ids per call. */
    public static final int BULK_LIMIT = 1000;

    private final StockStore store;
    private final WarehouseClient warehouse;
    private final Counter hits;
    private final Counter misses;

    StockReadThrough(StockStore store, @RestClient WarehouseClient warehouse, MeterRegistry registry) {
        this.store = store;
        this.warehouse = warehouse;
        this.hits = Counter.builder("catalog.cache.hits").tag("cache", "stock").register(registry);
        this.misses = Counter.builder("catalog.cache.misses").tag("cache", "stock").register(registry);
    }

    public Map<String, Optional<ProductStock>> stocks(Collection<String> productIds) {
        return resolve(store.read(productIds));
    }

    /** Counts stock Redis held for {@code products} products (the caller read it). */
    public void countHits(int products) {
        hits.increment(products);
    }

    /**
     * Completes stock already read from Redis (modified in place and returned): counts hits and misses,
     * and reads the missing ones through. Blocks only when some are missing.
     */
    public Map<String, Optional<ProductStock>> resolve(Map<String, Optional<ProductStock>> stocks) {
        List<String> missing = new ArrayList<>();
        stocks.forEach((id, stock) -> {
            if (stock.isEmpty()) {
                missing.add(id);
            }
        });
        hits.increment(stocks.size() - missing.size());
        if (missing.isEmpty()) {
            return stocks;
        }
        misses.increment(missing.size());
        try {
            for (int from = 0; from < missing.size(); from += BULK_LIMIT) {
                load(missing.subList(from, Math.min(missing.size(), from + BULK_LIMIT)));
            }
            stocks.putAll(store.read(missing));
        } catch (RuntimeException e) {
            LOG.warnf("read-through of %d products from the warehouse failed, their stock stays unknown: %s",
                    missing.size(), e.toString());
        }
        return stocks;
    }

    /**
     * Fetches the products' levels from the warehouse and stores them; a product the warehouse has no
     * level for is stored with zero levels (truly out of stock). Returns the levels received.
     */
    public int load(List<String> productIds) {
        BatchStockResponse response = warehouse.batchStock(BatchStockRequest.withWarehouses(productIds));
        Map<String, StockChange> changes = new LinkedHashMap<>();
        int levels = 0;
        for (var entry : response.stocks().entrySet()) {
            levels += entry.getValue().warehouses().size();
            changes.put(entry.getKey(), StockChange.snapshot(entry.getKey(), entry.getValue().warehouses()));
        }
        for (String productId : response.missing()) {
            changes.putIfAbsent(productId, StockChange.snapshot(productId, List.of()));
        }
        store.apply(List.copyOf(changes.values()));
        return levels;
    }
}
