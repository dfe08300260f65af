package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.persistence.NearCache;
import io.stockflow.catalog.persistence.ProductCache;
import io.stockflow.catalog.persistence.ProductReads;
import io.stockflow.catalog.persistence.ProductReads.Snapshot;
import io.stockflow.catalog.persistence.ProductRepository;
import io.stockflow.catalog.persistence.StockStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.context.ManagedExecutor;

/** Product reads: details from the cache or the database, stock from Redis (read through on a miss). */
@ApplicationScoped
public class ProductQueryService {

    /**
     * A product with its stock: as the JSON text Redis holds ({@code stockJson}, which a response copies
     * as it is), or else decoded ({@code decodedStock}); both null only when neither Redis nor the
     * warehouse could tell.
     */
    public record ProductView(Product product, ProductStock decodedStock, byte[] stockJson) {

        public ProductView(Product product, ProductStock stock) {
            this(product, stock, null);
        }

        /** The stock as an object, decoded from its text if that is what was read (each call); null if unknown. */
        public ProductStock stock() {
            return stockJson != null ? StockStore.decodeJson(stockJson) : decodedStock;
        }
    }

    public record Page(List<ProductView> items, String lastProductId, boolean more) {
    }

    /** Filtering by stock scans at most this many database pages per request; the cursor continues. */
    private static final int MAX_SCAN_ROUNDS = 10;

    private final ProductRepository repository;
    private final ProductReads reads;
    private final ProductCache cache;
    private final NearCache nearCache;
    private final StockReadThrough stocks;
    private final ManagedExecutor workers;
    private final Counter hits;
    private final Counter misses;

    ProductQueryService(ProductRepository repository, ProductReads reads, ProductCache cache, NearCache nearCache,
            StockReadThrough stocks, ManagedExecutor workers, MeterRegistry registry) {
        this.nearCache = nearCache;
        this.repository = repository;
        this.reads = reads;
        this.cache = cache;
        this.stocks = stocks;
        this.workers = workers;
        this.hits = Counter.builder("catalog.cache.hits").tag("cache", "product").register(registry);
        this.misses = Counter.builder("catalog.cache.misses").tag("cache", "product").register(registry);
    }

    /**
     * One product: from the near cache when it holds it (no Redis round trip), else read as a batch of
     * one, over the near cache's tracking connection so that what Redis held can be kept.
     */
    public CompletionStage<Optional<ProductView>> get(String productId) {
        NearCache.Entry near = nearCache.get(productId);
        if (near != null) {
            hits.increment();
            stocks.countHits(1);
            return CompletableFuture.completedFuture(Optional.of(new ProductView(near.product(), null, near.stockJson())));
        }
        List<String> ids = List.of(productId);
        NearCache.Fill fill = nearCache.fill(productId);
        if (fill == null) {
            return batch(ids).thenApply(views -> Optional.ofNullable(views.get(productId)));
        }
        // a product Redis did not hold in full (or no product at all) leaves no token behind
        return resolve(ids, reads.read(ids, fill::send), fill).whenComplete((views, failure) -> fill.cancel())
                .thenApply(views -> Optional.ofNullable(views.get(productId)));
    }

    /**
     * The known products among {@code productIds}, keyed by id in request order. Details and stock come
     * in one Redis round trip (a second one for stock Redis holds no text of); when Redis holds them all,
     * nothing blocks (a single product is served on the event loop). Otherwise the rest is completed on a
     * worker: details from the database, stock read through from the warehouse.
     */
    public CompletionStage<Map<String, ProductView>> batch(Collection<String> productIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(productIds));
        return resolve(ids, reads.read(ids), null);
    }

    /** With a fill (one product), what Redis held in full is kept in the near cache. */
    private CompletionStage<Map<String, ProductView>> resolve(List<String> ids, CompletionStage<Snapshot> read,
            NearCache.Fill fill) {
        return read.thenCompose(snapshot -> {
            int cached = snapshot.cached();
            hits.increment(cached);
            if (cached == ids.size() && snapshot.hasAllStock()) {
                // all in Redis: nothing blocks, the views are built right here
                if (fill != null && snapshot.stockJson().get(0) != null) {
                    fill.complete(snapshot.products().get(0), snapshot.stockJson().get(0));
                }
                stocks.countHits(ids.size());
                return CompletableFuture.completedFuture(views(ids, snapshot.products(), snapshot.stockJson(),
                        snapshot.stocks()));
            }
            misses.increment(ids.size() - cached);
            return CompletableFuture.supplyAsync(() -> complete(snapshot), workers);
        });
    }

    /** Blocking: looks up the products Redis did not have and reads their missing stock through. */
    private Map<String, ProductView> complete(Snapshot snapshot) {
        List<String> ids = snapshot.ids();
        List<Product> products = new ArrayList<>(snapshot.products());
        List<String> uncached = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (products.get(i) == null) {
                uncached.add(ids.get(i));
            }
        }
        if (!uncached.isEmpty()) {
            Map<String, Product> loaded = repository.findByIds(uncached);
            cache.put(loaded.values());
            for (int i = 0; i < ids.size(); i++) {
                if (products.get(i) == null) {
                    products.set(i, loaded.get(ids.get(i)));
                }
            }
        }
        // stock counts (and is read through) for products only, as the ids may name none; stock read as
        // text is a hit and stays text
        Map<String, Optional<ProductStock>> read = new LinkedHashMap<>();
        int asText = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (products.get(i) != null) {
                if (snapshot.stockJson().get(i) != null) {
                    asText++;
                } else {
                    read.put(ids.get(i), snapshot.stocks().get(i));
                }
            }
        }
        stocks.countHits(asText);
        Map<String, Optional<ProductStock>> resolved = stocks.resolve(read);
        List<Optional<ProductStock>> stock = new ArrayList<>(ids.size());
        for (String id : ids) {
            stock.add(resolved.getOrDefault(id, Optional.empty()));
        }
        return views(ids, products, snapshot.stockJson(), stock);
    }

    private static Map<String, ProductView> views(List<String> ids, List<Product> products, List<byte[]> stockJson,
            List<Optional<ProductStock>> stock) {
        Map<String, ProductView> views = new LinkedHashMap<>(ids.size() * 4 / 3 + 1);
        for (int i = 0; i < ids.size(); i++) {
            Product product = products.get(i);
            if (product != null) {
                byte[] json = stockJson.get(i);
                views.put(ids.get(i), json != null
                        ? new ProductView(product, null, json)
                        : new ProductView(product, stock.get(i).orElse(null)));
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
