package io.stockflow.catalog.persistence;

import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * What a product read needs from Redis, details and stock, for many products in ONE pipelined round
 * trip ({@code GET catalog:product:{p}} and {@code GET catalog:stock:{p}:json} interleaved), without
 * blocking. The stock stays the text Redis holds, for the response to copy. Products without that text
 * (stock written by an older apply script, a warehouse id that is not plain ASCII, or none at all)
 * take a second round trip for their {@code total} hash, decoded as before.
 */
@ApplicationScoped
public class ProductReads {

    /** Above this many products, decoding moves to a worker: the event loop must not be held for milliseconds. */
    static final int DECODE_ON_EVENT_LOOP_MAX = 16;

    /**
     * What Redis holds for each of {@code ids}, at the same index: the cached product (null if none) and
     * the stock, either as its JSON text ({@code stockJson}, null if none) or, where there was no text,
     * decoded from its hash ({@code stocks}, empty if none, and always where there is text). Lists rather
     * than maps: up to 1000 ids, each looked up by position.
     */
    public record Snapshot(List<String> ids, List<Product> products, List<byte[]> stockJson,
            List<Optional<ProductStock>> stocks) {

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

        /** Whether Redis held the stock of the product at {@code i}, in either form. */
        public boolean hasStock(int i) {
            return stockJson.get(i) != null || stocks.get(i).isPresent();
        }

        /** Whether Redis held the stock of every product. */
        public boolean hasAllStock() {
            for (int i = 0; i < ids.size(); i++) {
                if (!hasStock(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The stock at {@code i} as an object, decoded from its text if need be; empty if Redis held none. */
        public Optional<ProductStock> stock(int i) {
            byte[] json = stockJson.get(i);
            return json != null ? Optional.of(StockStore.decodeJson(json)) : stocks.get(i);
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
        return read(productIds, redis::batch);
    }

    /** As {@link #read(List)}, the first round trip sent by {@code via} (a near-cache fill's connection). */
    public CompletionStage<Snapshot> read(List<String> productIds, Function<List<Request>, Future<List<Response>>> via) {
        List<Request> requests = new ArrayList<>(productIds.size() * 2);
        for (String id : productIds) {
            requests.add(ProductCache.readRequest(id));
            requests.add(StockStore.jsonRequest(id));
        }
        CompletionStage<List<Response>> replies = via.apply(requests).toCompletionStage();
        CompletionStage<Snapshot> snapshot = productIds.size() > DECODE_ON_EVENT_LOOP_MAX
                ? replies.thenApplyAsync(r -> decode(productIds, r), workers)
                : replies.thenApply(r -> decode(productIds, r));
        return snapshot.thenCompose(this::readHashes);
    }

    private Snapshot decode(List<String> ids, List<Response> replies) {
        List<Product> products = new ArrayList<>(ids.size());
        List<byte[]> json = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            products.add(cache.decode(replies.get(2 * i)));
            Response stock = replies.get(2 * i + 1);
            json.add(stock == null ? null : stock.toBytes());
        }
        return new Snapshot(ids, products, json, new ArrayList<>(Collections.nCopies(ids.size(), Optional.empty())));
    }

    /** The second round trip, for the products whose stock had no text: their hashes, decoded. */
    private CompletionStage<Snapshot> readHashes(Snapshot snapshot) {
        List<Integer> without = new ArrayList<>();
        for (int i = 0; i < snapshot.ids().size(); i++) {
            if (snapshot.stockJson().get(i) == null) {
                without.add(i);
            }
        }
        if (without.isEmpty()) {
            return CompletableFuture.completedFuture(snapshot);
        }
        List<Request> requests = new ArrayList<>(without.size());
        for (int i : without) {
            requests.add(StockStore.readRequest(snapshot.ids().get(i)));
        }
        CompletionStage<List<Response>> replies = redis.batch(requests).toCompletionStage();
        return without.size() > DECODE_ON_EVENT_LOOP_MAX
                ? replies.thenApplyAsync(r -> decodeHashes(snapshot, without, r), workers)
                : replies.thenApply(r -> decodeHashes(snapshot, without, r));
    }

    private static Snapshot decodeHashes(Snapshot snapshot, List<Integer> without, List<Response> replies) {
        StockStore.Decoder decoder = new StockStore.Decoder();
        for (int k = 0; k < without.size(); k++) {
            snapshot.stocks().set(without.get(k), decoder.decode(replies.get(k)));
        }
        return snapshot;
    }
}
