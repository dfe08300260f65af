package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.persistence.ProductCache;
import io.stockflow.catalog.persistence.ProductRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Product reads: details from the cache or the database, stock from Redis (read through on a miss). */
@ApplicationScoped
public class ProductQueryService {

    /** A product with its stock; {@code stock} is null only when neither Redis nor the warehouse could tell. */
    public record ProductView(Product product, ProductStock stock) {
    }

    public record Page(List<ProductView> items, String lastProductId, boolean more) {
    }

    /** Filtering by stock scans at most this many database pages per request; the cursor continues. */
    private static final int MAX_SCAN_ROUNDS = 10;

    private final ProductRepository repository;
    private final ProductCache cache;
    private final StockReadThrough stocks;
    private final Counter hits;
    private final Counter misses;

    ProductQueryService(ProductRepository repository, ProductCache cache, StockReadThrough stocks, MeterRegistry registry) {
        this.repository = repository;
        this.cache = cache;
        this.stocks = stocks;
        this.hits = Counter.builder("catalog.cache.hits").tag("cache", "product").register(registry);
        this.misses = Counter.builder("catalog.cache.misses").tag("cache", "product").register(registry);
    }

    public Optional<ProductView> get(String productId) {
        return Optional.ofNullable(batch(List.of(productId)).get(productId));
    }

    /** The known products among {@code productIds}, keyed by id in request order. */
    public Map<String, ProductView> batch(Collection<String> productIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(productIds));
        Map<String, Product> found = cache.get(ids);
        hits.increment(found.size());
        List<String> uncached = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!uncached.isEmpty()) {
            misses.increment(uncached.size());
            Map<String, Product> loaded = repository.findByIds(uncached);
            cache.put(loaded.values());
            found.putAll(loaded);
        }
        Map<String, Optional<ProductStock>> stock = stocks.stocks(found.keySet());
        Map<String, ProductView> views = new LinkedHashMap<>();
        for (String id : ids) {
            Product product = found.get(id);
            if (product != null) {
                views.put(id, new ProductView(product, stock.get(id).orElse(null)));
            }
        }
        return views;
    }

    /**
     * A page in product id order after {@code afterId}. With {@code inStock} set, products are filtered
     * by their stock; a page may then hold fewer than {@code limit} items while {@code more} is true.
     */
    public Page list(String afterId, int limit, Boolean inStock, String category) {
        List<ProductView> items = new ArrayList<>(limit);
        String cursor = afterId;
        for (int round = 0; round < MAX_SCAN_ROUNDS; round++) {
            List<Product> page = repository.page(cursor, category, limit + 1 - items.size());
            boolean more = page.size() > limit - items.size();
            List<Product> candidates = more ? page.subList(0, limit - items.size()) : page;
            Map<String, Optional<ProductStock>> stock = stocks.stocks(candidates.stream().map(Product::productId).toList());
            for (Product product : candidates) {
                ProductStock s = stock.get(product.productId()).orElse(null);
                if (inStock == null || (s != null && s.inStock() == inStock)) {
                    items.add(new ProductView(product, s));
                }
            }
            if (!candidates.isEmpty()) {
                cursor = candidates.get(candidates.size() - 1).productId();
            }
            if (!more) {
                return new Page(items, cursor, false);
            }
            if (items.size() >= limit) {
                return new Page(items, cursor, true);
            }
        }
        return new Page(items, cursor, true);
    }
}
