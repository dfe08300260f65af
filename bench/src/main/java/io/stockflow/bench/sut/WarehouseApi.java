package io.stockflow.bench.sut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockflow.bench.load.Operation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The warehouse endpoints the benchmark drives: adjustments (single, batch) and bulk stock. */
public final class WarehouseApi {

    /** A committed change as the response tells it: the level's new version and its change time. */
    public record Committed(String productId, String warehouseId, long version, Instant updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final DemoLevels levels;

    public WarehouseApi(Http http, DemoLevels levels) {
        this.http = http;
        this.levels = levels;
    }

    /** +1 received on a random level: always allowed, so every request is a real write. */
    public Future<Buffer> adjust(DemoLevels.Key key) {
        return http.post("/v1/inventory/adjustments", Buffer.buffer(line(key).toString()));
    }

    /** +1 on the level; the answer's consistency token (its Stockflow-Consistency header). */
    public Future<String> adjustForToken(DemoLevels.Key key) {
        return http.exchange("/v1/inventory/adjustments", Buffer.buffer(line(key).toString()))
                .map(answer -> answer.headers().get(CatalogApi.CONSISTENCY));
    }

    public Future<Committed> adjustAndRead(DemoLevels.Key key) {
        return adjust(key).map(body -> committed(parse(body)));
    }

    public Future<Buffer> adjustBatch(List<DemoLevels.Key> keys) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode lines = body.putArray("adjustments");
        keys.forEach(k -> lines.add(line(k)));
        body.put("atomic", true);
        return http.post("/v1/inventory/adjustments/batch", Buffer.buffer(body.toString()));
    }

    public Future<List<Committed>> adjustBatchAndRead(List<DemoLevels.Key> keys) {
        return adjustBatch(keys).map(body -> {
            List<Committed> committed = new ArrayList<>(keys.size());
            for (JsonNode result : parse(body).path("results")) {
                if (result.path("success").asBoolean()) {
                    committed.add(committed(result.path("level")));
                }
            }
            return committed;
        });
    }

    public Future<Buffer> bulkStock(List<String> productIds) {
        ObjectNode body = JSON.createObjectNode();
        productIds.forEach(body.putArray("productIds")::add);
        return http.post("/v1/batch/stock", Buffer.buffer(body.toString()));
    }

    public Operation adjustOperation() {
        return callback -> complete(adjust(levels.randomLevel()), callback);
    }

    /** A request the router refuses (400) before any route runs: its target has a broken percent-encoding. */
    public Operation undecodableTargetOperation() {
        return callback -> complete(http.get("/v1/inventory/product/%zz"), callback);
    }

    /** An atomic batch of {@code lines} distinct random levels, +1 each. */
    public Operation batchOperation(int lines) {
        return callback -> complete(adjustBatch(levels.distinctLevels(lines)), callback);
    }

    public Operation bulkStockOperation(int ids) {
        return callback -> complete(bulkStock(levels.productRun(ids)), callback);
    }

    static void complete(Future<?> future, Operation.Callback callback) {
        future.onComplete(r -> {
            if (r.succeeded()) {
                callback.succeeded();
            } else {
                callback.failed(r.cause());
            }
        });
    }

    private static ObjectNode line(DemoLevels.Key key) {
        ObjectNode line = JSON.createObjectNode();
        line.put("productId", key.productId()).put("warehouseId", key.warehouseId()).put("delta", 1)
                .put("reason", "received").put("reference", "bench");
        return line;
    }

    private static JsonNode parse(Buffer body) {
        try {
            return JSON.readTree(body.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Committed committed(JsonNode level) {
        return new Committed(level.path("productId").asText(), level.path("warehouseId").asText(),
                level.path("version").asLong(), Instant.parse(level.path("updatedAt").asText()));
    }
}
