package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.client.WarehouseClient;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockRequest;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockResponse;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.events.LevelState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Stock texts for products ({@link StockReader}): from Redis, and for those Redis lacks, read through from the warehouse's bulk
 * API and stored (snapshots pass the same version check as events, so a newer event is never
 * overwritten). When the warehouse cannot answer, the read fails with {@link StockUnavailableException}:
 * stock is never served as unknown ({@code null}) or "out of stock".
 */
@ApplicationScoped
public class StockReadThrough {

    private static final Logger LOG = Logger.getLogger(StockReadThrough.class);
    /** The warehouse's bulk API takes up to this many ids per call. */
    public static final int BULK_LIMIT = 1000;

    private final StockStore store;
    private final StockReader reader;
    private final WarehouseClient warehouse;
    private final Counter hits;
    private final Counter misses;
    private final Counter unavailable;

    StockReadThrough(StockStore store, StockReader reader, @RestClient WarehouseClient warehouse, MeterRegistry registry) {
        this.store = store;
        this.reader = reader;
        this.warehouse = warehouse;
        this.hits = Counter.builder("catalog.cache.hits").tag("cache", "stock").register(registry);
        this.misses = Counter.builder("catalog.cache.misses").tag("cache", "stock").register(registry);
        this.unavailable = Counter.builder("catalog.stock.unavailable")
                .description("Product reads refused with 503: stock not cached and the warehouse unreachable")
                .register(registry);
    }

    /** The stock text of each product, read through where Redis has none. */
    public Map<String, byte[]> stocks(Collection<String> productIds) {
        return resolve(reader.read(productIds));
    }

    /** Counts stock Redis held for {@code products} products (the caller read it). */
    public void countHits(int products) {
        hits.increment(products);
    }

    /**
     * Completes stock texts already read from Redis (null where none; modified in place and returned):
     * counts hits and misses, and reads the missing ones through. Blocks only when some are missing.
     */
    public Map<String, byte[]> resolve(Map<String, byte[]> stocks) {
        List<String> missing = new ArrayList<>();
        stocks.forEach((id, stock) -> {
            if (stock == null) {
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
            stocks.putAll(reader.read(missing));
        } catch (RuntimeException e) {
            unavailable.increment(missing.size());
            LOG.warnf("read-through of %d products from the warehouse failed, answering 503: %s",
                    missing.size(), e.toString());
            throw new StockUnavailableException(missing.size(), e);
        }
        return stocks;
    }

    /**
     * Stock Redis lacks and the warehouse could not be asked for: the read fails (a 503 to retry) rather
     * than serve a product as if it had no stock.
     */
    public static class StockUnavailableException extends RuntimeException {
        public StockUnavailableException(int products, Throwable cause) {
            super("the stock of " + products + " product(s) is not cached and the warehouse did not answer", cause);
        }
    }

    /** What a bulk read stored: every level of the products read, by product, and how many changed Redis. */
    public record Loaded(Map<String, List<LevelState>> levels, long changed) {
        public int levelCount() {
            return levels.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * Fetches the products' levels from the warehouse and stores them; a product the warehouse has no
     * level for is stored with zero levels (truly out of stock). Returns the levels received.
     */
    public int load(List<String> productIds) {
        return loadLevels(productIds).levelCount();
    }

    /** As {@link #load}, keeping what was read (at most {@link #BULK_LIMIT} ids). */
    public Loaded loadLevels(List<String> productIds) {
        BatchStockResponse response = warehouse.batchStock(BatchStockRequest.withWarehouses(productIds));
        Map<String, List<LevelState>> levels = new LinkedHashMap<>();
        for (var entry : response.stocks().entrySet()) {
            levels.put(entry.getKey(), entry.getValue().warehouses());
        }
        for (String productId : response.missing()) {
            levels.putIfAbsent(productId, List.of());
        }
        List<StockChange> changes = new ArrayList<>(levels.size());
        levels.forEach((productId, productLevels) -> changes.add(StockChange.snapshot(productId, productLevels)));
        long changed = 0;
        for (long result : store.apply(changes)) {
            changed += Math.max(0, result);
        }
        return new Loaded(levels, changed);
    }
}
