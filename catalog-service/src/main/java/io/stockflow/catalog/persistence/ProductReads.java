package io.stockflow.catalog.persistence;

import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * What a product read needs from Redis, details and stock, for many products in ONE pipelined round
 * trip ({@code GET catalog:product:{p}} and {@code HGETALL catalog:stock:{p}:total} interleaved),
 * without blocking.
 */
@ApplicationScoped
public class ProductReads {

    /** Above this many products, decoding moves to a worker: the event loop must not be held for milliseconds. */
    static final int DECODE_ON_EVENT_LOOP_MAX = 16;

    /**
     * What Redis holds for each of {@code ids}, at the same index: the cached product (null if none) and
     * the stock (empty if none). Lists rather than maps: up to 1000 ids, each looked up by position.
     */
    public record Snapshot(List<String> ids, List<Product> products, List<Optional<ProductStock>> stocks) {

        /** How many of the products were cached. */
        public int cached() {
            int cached = 0;
            for (Product product : products) {
                if (product != null) {
                    cached++;
                }
            }
            return cached;
        }
    }

    private final RedisPipeline redis;
    private final ProductCache cache;
    private final ManagedExecutor workers;

    ProductReads(RedisPipeline redis, ProductCache cache, ManagedExecutor workers) {
        this.redis = redis;
        this.cache = cache;
        this.workers = workers;
    }

    /** {@code productIds} must be distinct. */
    public CompletionStage<Snapshot> read(List<String> productIds) {
        List<Request> requests = new ArrayList<>(productIds.size() * 2);
        for (String id : productIds) {
            requests.add(ProductCache.readRequest(id));
            requests.add(StockStore.readRequest(id));
        }
        CompletionStage<List<Response>> replies = redis.batch(requests).toCompletionStage();
        return productIds.size() > DECODE_ON_EVENT_LOOP_MAX
                ? replies.thenApplyAsync(r -> decode(productIds, r), workers)
                : replies.thenApply(r -> decode(productIds, r));
    }

    private Snapshot decode(List<String> ids, List<Response> replies) {
        List<Product> products = new ArrayList<>(ids.size());
        List<Optional<ProductStock>> stocks = new ArrayList<>(ids.size());
        StockStore.Decoder stock = new StockStore.Decoder();
        for (int i = 0; i < ids.size(); i++) {
            products.add(cache.decode(replies.get(2 * i)));
            stocks.add(stock.decode(replies.get(2 * i + 1)));
        }
        return new Snapshot(ids, products, stocks);
    }
}
