package io.stockflow.catalog.persistence;

import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.ProductStock.WarehouseStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.events.LevelState;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stock read model in Redis. Writes go through one Lua script per product (dedup by event id,
 * version check per level, aggregates recomputed from the stored levels), many products pipelined
 * into one round trip; the layout is described in catalog-service/README.md.
 */
@ApplicationScoped
public class StockStore {

    /** What {@link #apply} reports for a change whose event was already processed. */
    public static final long DUPLICATE = -1;

    private static final String WAREHOUSE_FIELD = "w:";

    private final RedisPipeline redis;
    private final CatalogConfig config;
    private final String script;
    private final String scriptSha;

    StockStore(RedisPipeline redis, CatalogConfig config) {
        this.redis = redis;
        this.config = config;
        this.script = resource("/redis/apply-levels.lua");
        this.scriptSha = sha1(script);
    }

    /**
     * Applies every change in one pipelined round trip. Returns, per change and in order, how many
     * of its levels were newer than the stored ones, or {@link #DUPLICATE}.
     */
    public List<Long> apply(List<StockChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Request> requests = new ArrayList<>(changes.size());
        for (StockChange change : changes) {
            requests.add(applyRequest(change));
        }
        List<Response> replies;
        try {
            replies = redis.send(requests);
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            // Redis restarted or its script cache was flushed: load once more and resend (idempotent)
            redis.sendOne(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script));
            replies = redis.send(requests);
        }
        List<Long> results = new ArrayList<>(replies.size());
        for (Response reply : replies) {
            results.add(reply.toLong());
        }
        return results;
    }

    private Request applyRequest(StockChange change) {
        String productId = change.productId();
        List<LevelState> levels = change.levels();
        boolean dedup = change.eventId() != null;
        int keyCount = 4 + levels.size() + (dedup ? 1 : 0);
        Request request = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(keyCount)
                .arg(StockKeys.total(productId))
                .arg(StockKeys.available(productId))
                .arg(StockKeys.status(productId))
                .arg(StockKeys.lowStock(productId));
        for (LevelState level : levels) {
            request.arg(StockKeys.warehouse(productId, level.warehouseId()));
        }
        if (dedup) {
            request.arg(StockKeys.processed(productId, change.eventId()));
        }
        request.arg(levels.size()).arg(config.cache().processedEventTtl().toSeconds());
        for (LevelState level : levels) {
            request.arg(level.warehouseId())
                    .arg(level.onHand())
                    .arg(level.reserved())
                    .arg(level.version())
                    .arg(level.lowStockThreshold())
                    .arg(level.updatedAt() == null ? 0 : level.updatedAt().toEpochMilli());
        }
        return request;
    }

    /** The stock of each product in one pipelined round trip; empty where Redis holds nothing for it. */
    public Map<String, Optional<ProductStock>> read(Collection<String> productIds) {
        List<String> ids = List.copyOf(productIds);
        List<Request> requests = new ArrayList<>(ids.size());
        for (String id : ids) {
            requests.add(Request.cmd(Command.HGETALL).arg(StockKeys.total(id)));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Optional<ProductStock>> stocks = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            stocks.put(ids.get(i), toStock(RedisPipeline.hash(replies.get(i))));
        }
        return stocks;
    }

    /** The stored level of one product in one warehouse (tests and drift comparison). */
    public Optional<Map<String, String>> level(String productId, String warehouseId) {
        Map<String, String> fields = RedisPipeline.hash(
                redis.sendOne(Request.cmd(Command.HGETALL).arg(StockKeys.warehouse(productId, warehouseId))));
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    private static Optional<ProductStock> toStock(Map<String, String> fields) {
        if (!fields.containsKey("status")) {
            return Optional.empty();
        }
        Map<String, WarehouseStock> warehouses = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith(WAREHOUSE_FIELD)) {
                String[] parts = value.split(":");
                long onHand = Long.parseLong(parts[0]);
                long reserved = Long.parseLong(parts[1]);
                warehouses.put(name.substring(WAREHOUSE_FIELD.length()),
                        new WarehouseStock(onHand, reserved, onHand - reserved));
            }
        });
        long updatedAt = Long.parseLong(fields.getOrDefault("updatedAt", "0"));
        return Optional.of(new ProductStock(
                Long.parseLong(fields.get("onHand")),
                Long.parseLong(fields.get("reserved")),
                Long.parseLong(fields.get("available")),
                StockStatus.fromWireName(fields.get("status")),
                warehouses,
                updatedAt == 0 ? null : Instant.ofEpochMilli(updatedAt)));
    }

    private static String resource(String path) {
        try (InputStream in = StockStore.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
