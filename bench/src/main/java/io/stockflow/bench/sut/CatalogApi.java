package io.stockflow.bench.sut;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockflow.bench.load.Operation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Catalog reads over HTTP, and their ceiling: the same Redis commands sent straight to Redis. */
public final class CatalogApi {

    /** Read-your-writes: a command's token, presented on a read (the contract's header names). */
    public static final String CONSISTENCY = "Stockflow-Consistency";
    public static final String CONSISTENCY_SOURCE = "Stockflow-Consistency-Source";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final DemoLevels levels;

    public CatalogApi(Http http, DemoLevels levels) {
        this.http = http;
        this.levels = levels;
    }

    public Future<Buffer> product(String productId) {
        return http.get("/v1/products/" + productId);
    }

    /** A product read presenting a consistency token; the answer's source ("cache", "waited", "warehouse"). */
    public Future<String> product(String productId, String token) {
        return http.get("/v1/products/" + productId, CONSISTENCY, token)
                .map(answer -> answer.headers().get(CONSISTENCY_SOURCE));
    }

    public Future<Buffer> batch(List<String> productIds) {
        ObjectNode body = JSON.createObjectNode();
        productIds.forEach(body.putArray("productIds")::add);
        return http.post("/v1/products/batch", Buffer.buffer(body.toString()));
    }

    public Operation productOperation() {
        return callback -> WarehouseApi.complete(product(levels.randomProduct()), callback);
    }

    public Operation batchOperation(int ids) {
        return callback -> WarehouseApi.complete(batch(levels.productRun(ids)), callback);
    }

    /**
     * The Redis commands one product read makes, without the service around them: pipelined in one
     * round trip as the catalog sends them, over one connection per event loop of the caller (no
     * hand-off between threads, as the load's lanes send from their event loops).
     */
    public static final class RawReads implements AutoCloseable {

        private final Redis redis;
        private final DemoLevels levels;
        private final ThreadLocal<Future<RedisConnection>> connection = new ThreadLocal<>();
        private final List<Future<RedisConnection>> opened = new CopyOnWriteArrayList<>();

        public RawReads(Redis redis, DemoLevels levels) {
            this.redis = redis;
            this.levels = levels;
        }

        public Operation operation() {
            return callback -> WarehouseApi.complete(connection().compose(c -> c.batch(
                    CatalogRedisLayout.productRead(levels.randomProduct()))), callback);
        }

        private Future<RedisConnection> connection() {
            Future<RedisConnection> c = connection.get();
            if (c == null || c.failed()) {
                c = redis.connect();
                connection.set(c);
                opened.add(c);
            }
            return c;
        }

        @Override
        public void close() {
            opened.forEach(c -> c.onSuccess(RedisConnection::close));
        }
    }
}
