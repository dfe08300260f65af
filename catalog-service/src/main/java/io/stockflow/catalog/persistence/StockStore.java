package io.stockflow.catalog.persistence;

import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.ProductStock.WarehouseStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.events.LevelState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stock read model in Redis. Writes go through one Lua script per product (dedup by event id,
 * version check per level, aggregates recomputed from the stored levels), many products pipelined
 * into one round trip; the layout is described in catalog-service/README.md.
 */
@ApplicationScoped
public class StockStore {

    /** What {@link #apply} reports for a change whose event was already processed. */
    public static final long DUPLICATE = -1;

    // field names of the total hash, compared with the reply's bytes
    private static final byte[] WAREHOUSE_FIELD = ascii("w:");
    private static final byte[] ON_HAND = ascii("onHand");
    private static final byte[] RESERVED = ascii("reserved");
    private static final byte[] AVAILABLE = ascii("available");
    private static final byte[] STATUS = ascii("status");
    private static final byte[] UPDATED_AT = ascii("updatedAt");
    private static final StockStatus[] STATUSES = StockStatus.values();
    private static final byte[][] STATUS_NAMES = Arrays.stream(STATUSES).map(s -> ascii(s.wireName())).toArray(byte[][]::new);

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
            requests.add(readRequest(id));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Optional<ProductStock>> stocks = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            stocks.put(ids.get(i), decode(replies.get(i)));
        }
        return stocks;
    }

    /** The command reading a product's stock, for callers that pipeline it with others; see {@link #decode}. */
    public static Request readRequest(String productId) {
        return Request.cmd(Command.HGETALL).arg(StockKeys.total(productId));
    }

    /** The stored level of one product in one warehouse (tests and drift comparison). */
    public Optional<Map<String, String>> level(String productId, String warehouseId) {
        Map<String, String> fields = RedisPipeline.hash(
                redis.sendOne(Request.cmd(Command.HGETALL).arg(StockKeys.warehouse(productId, warehouseId))));
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /**
     * The stock in the reply to {@link #readRequest}; empty when Redis holds none. Works on the reply's
     * bytes (every product read pays this, up to 1000 times per request): no map of the fields, no
     * strings but the warehouse ids. A RESP2 reply alternates names and values; a RESP3 one is a map
     * the client built already.
     */
    public static Optional<ProductStock> decode(Response hash) {
        if (hash == null || hash.size() == 0) {
            return Optional.empty();
        }
        TotalFields fields = new TotalFields(hash.size());
        if (hash.isMap()) {
            for (String name : hash.getKeys()) {
                fields.accept(name.getBytes(StandardCharsets.UTF_8), hash.get(name).toBytes());
            }
        } else {
            for (int i = 0; i + 1 < hash.size(); i += 2) {
                fields.accept(hash.get(i).toBytes(), hash.get(i + 1).toBytes());
            }
        }
        return fields.stock();
    }

    /** The fields of a total hash, collected as they come. */
    private static final class TotalFields {
        private long onHand;
        private long reserved;
        private long available;
        private long updatedAt;
        private StockStatus status;
        private int totals;
        private String[] warehouseIds;
        private WarehouseStock[] levels;
        private int warehouses;

        TotalFields(int size) {
            warehouseIds = new String[Math.max(size / 2, 1)];
            levels = new WarehouseStock[warehouseIds.length];
        }

        void accept(byte[] name, byte[] value) {
            if (startsWith(name, WAREHOUSE_FIELD)) {
                // onHand:reserved:version:threshold:updatedAtMs
                int first = indexOf(value, (byte) ':', 0);
                int second = indexOf(value, (byte) ':', first + 1);
                long levelOnHand = parseLong(value, 0, first);
                long levelReserved = parseLong(value, first + 1, second);
                addWarehouse(new String(name, WAREHOUSE_FIELD.length, name.length - WAREHOUSE_FIELD.length,
                        StandardCharsets.UTF_8), new WarehouseStock(levelOnHand, levelReserved, levelOnHand - levelReserved));
            } else if (Arrays.equals(name, ON_HAND)) {
                onHand = parseLong(value, 0, value.length);
                totals++;
            } else if (Arrays.equals(name, RESERVED)) {
                reserved = parseLong(value, 0, value.length);
                totals++;
            } else if (Arrays.equals(name, AVAILABLE)) {
                available = parseLong(value, 0, value.length);
                totals++;
            } else if (Arrays.equals(name, STATUS)) {
                status = status(value);
            } else if (Arrays.equals(name, UPDATED_AT)) {
                updatedAt = parseLong(value, 0, value.length);
            }
        }

        /** Kept in warehouse id order (the order clients see) by insertion: tens of them, often stored sorted. */
        private void addWarehouse(String id, WarehouseStock level) {
            if (warehouses == warehouseIds.length) {
                warehouseIds = Arrays.copyOf(warehouseIds, warehouses * 2);
                levels = Arrays.copyOf(levels, warehouses * 2);
            }
            int at = warehouses++;
            while (at > 0 && warehouseIds[at - 1].compareTo(id) > 0) {
                warehouseIds[at] = warehouseIds[at - 1];
                levels[at] = levels[at - 1];
                at--;
            }
            warehouseIds[at] = id;
            levels[at] = level;
        }

        Optional<ProductStock> stock() {
            if (status == null) {
                return Optional.empty(); // not written by the apply script (yet)
            }
            if (totals < 3) {
                throw new IllegalStateException("stock hash with a status but without its totals");
            }
            Map<String, WarehouseStock> byId = new LinkedHashMap<>(warehouses * 4 / 3 + 1);
            for (int i = 0; i < warehouses; i++) {
                byId.put(warehouseIds[i], levels[i]);
            }
            return Optional.of(new ProductStock(onHand, reserved, available, status, byId,
                    updatedAt == 0 ? null : Instant.ofEpochMilli(updatedAt)));
        }
    }

    private static StockStatus status(byte[] value) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (Arrays.equals(value, STATUS_NAMES[i])) {
                return STATUSES[i];
            }
        }
        return StockStatus.fromWireName(new String(value, StandardCharsets.UTF_8)); // throws: unknown status
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    /** A decimal integer (optionally negative) in {@code [from, to)}, without making a string of it. */
    private static long parseLong(byte[] bytes, int from, int to) {
        boolean negative = from < to && bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) {
            throw new NumberFormatException("not a number: '" + new String(bytes, StandardCharsets.UTF_8) + "'");
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a number: '" + new String(bytes, StandardCharsets.UTF_8) + "'");
            }
            value = Math.addExact(Math.multiplyExact(value, 10), digit);
        }
        return negative ? -value : value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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
