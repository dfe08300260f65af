package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.persistence.NearCache;
import io.stockflow.catalog.persistence.ProductCache;
import io.stockflow.catalog.persistence.ProductReads;
import io.stockflow.catalog.persistence.ProductReads.Snapshot;
import io.stockflow.catalog.persistence.ProductRepository;
import io.stockflow.catalog.stock.StockReader;
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
     * A product with its stock text as Redis holds it ({@link StockReader}; a response copies it as it
     * is), null only when neither Redis nor the warehouse could tell.
     */
    public record ProductView(Product product, byte[] stock) {
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
            return CompletableFuture.completedFuture(Optional.of(new ProductView(near.product(), near.stockJson())));
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
     * in one Redis round trip; when Redis holds them all,
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
                if (fill != null) {
                    fill.complete(snapshot.products().get(0), snapshot.stock().get(0));
                }
                stocks.countHits(ids.size());
                return CompletableFuture.completedFuture(views(ids, snapshot.products(), snapshot.stock()));
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
        // stock counts (and is read through) for products only, as the ids may name none
        Map<String, byte[]> read = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (products.get(i) != null) {
                read.put(ids.get(i), snapshot.stock().get(i));
            }
        }
        Map<String, byte[]> resolved = stocks.resolve(read);
        List<byte[]> stock = new ArrayList<>(ids.size());
        for (String id : ids) {
            stock.add(resolved.get(id));
        }
        return views(ids, products, stock);
    }

    private static Map<String, ProductView> views(List<String> ids, List<Product> products, List<byte[]> stock) {
        Map<String, ProductView> views = new LinkedHashMap<>(ids.size() * 4 / 3 + 1);
        for (int i = 0; i < ids.size(); i++) {
            Product product = products.get(i);
            if (product != null) {
                views.put(ids.get(i), new ProductView(product, stock.get(i)));
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
            Map<String, byte[]> stock = stocks.stocks(candidates.stream().map(Product::productId).toList());
            for (Product product : candidates) {
                byte[] text = stock.get(product.productId());
                if (inStock == null || (text != null && StockReader.inStock(text) == inStock)) {
                    items.add(new ProductView(product, text));
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
