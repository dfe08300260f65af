package io.stockflow.catalog.persistence;

import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.stock.StockReader;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * What a product read needs from Redis, details and stock, for many products in ONE pipelined round
 * trip ({@code GET catalog:product:{p}} and {@code GET catalog:stock:{p}:json} interleaved), without
 * blocking. The stock stays the text Redis holds ({@link StockReader}), for the response to copy.
 */
@ApplicationScoped
public class ProductReads {

    /** Above this many products, decoding moves to a worker: the event loop must not be held for milliseconds. */
    static final int DECODE_ON_EVENT_LOOP_MAX = 16;

    /**
     * What Redis holds for each of {@code ids}, at the same index: the cached product and the stock
     * text (each null if none). Lists rather than maps: up to 1000 ids, each looked up by position.
     */
    public record Snapshot(List<String> ids, List<Product> products, List<byte[]> stock) {

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

        /** Whether Redis held the stock of every product. */
        public boolean hasAllStock() {
            for (byte[] text : stock) {
                if (text == null) {
                    return false;
                }
            }
            return true;
        }
    }

    private final ProductCache cache;
    private final RedisPipeline redis;
    private final ManagedExecutor workers;

    ProductReads(RedisPipeline redis, ProductCache cache, ManagedExecutor workers) {
        this.redis = redis;
        this.cache = cache;
        this.workers = workers;
    }

    /** {@code productIds} must be distinct. */
    public CompletionStage<Snapshot> read(List<String> productIds) {
        return read(productIds, redis::batch);
    }

    /** As {@link #read(List)}, the round trip sent by {@code via} (a near-cache fill's connection). */
    public CompletionStage<Snapshot> read(List<String> productIds, Function<List<Request>, Future<List<Response>>> via) {
        List<Request> requests = new ArrayList<>(productIds.size() * 2);
        for (String id : productIds) {
            requests.add(ProductCache.readRequest(id));
            requests.add(StockReader.request(id));
        }
        CompletionStage<List<Response>> replies = via.apply(requests).toCompletionStage();
        return productIds.size() > DECODE_ON_EVENT_LOOP_MAX
                ? replies.thenApplyAsync(r -> decode(productIds, r), workers)
                : replies.thenApply(r -> decode(productIds, r));
    }

    private Snapshot decode(List<String> ids, List<Response> replies) {
        List<Product> products = new ArrayList<>(ids.size());
        List<byte[]> stock = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            products.add(cache.decode(replies.get(2 * i)));
            stock.add(StockReader.text(replies.get(2 * i + 1)));
        }
        return new Snapshot(ids, products, stock);
    }
}
