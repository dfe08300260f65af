package io.stockflow.bench.sut;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockflow.bench.load.Operation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Redis;
import java.util.List;

/** Catalog reads over HTTP, and their ceiling: the same Redis commands sent straight to Redis. */
public final class CatalogApi {

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

    public Future<Buffer> batch(List<String> productIds) {
        ObjectNode body = JSON.createObjectNode();
        productIds.forEach(body.putArray("productIds")::add);
        return http.post("/v1/products/batch", Buffer.buffer(body.toString()));
    }

    public Future<Buffer> ready() {
        return http.get("/q/health/ready");
    }

    public Operation productOperation() {
        return callback -> WarehouseApi.complete(product(levels.randomProduct()), callback);
    }

    public Operation batchOperation(int ids) {
        return callback -> WarehouseApi.complete(batch(levels.productRun(ids)), callback);
    }

    /** The Redis round trips one product read makes, without the service around them. */
    public static Operation rawRedisOperation(Redis redis, DemoLevels levels) {
        return callback -> {
            String id = levels.randomProduct();
            WarehouseApi.complete(redis.send(CatalogRedisLayout.productDetails(id))
                    .compose(details -> redis.send(CatalogRedisLayout.productStock(id))), callback);
        };
    }
}
