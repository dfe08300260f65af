package io.stockflow.catalog.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.domain.WarehouseLevels;
import io.stockflow.events.IsoInstants;
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
 * version check per level, aggregates moved by the written levels, the stock's JSON kept beside them),
 * many products pipelined into one round trip; the layout is described in catalog-service/README.md.
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
    private static final JsonFactory JSON = new JsonFactory();

    private final RedisPipeline redis;
    private final NearCache nearCache;
    private final CatalogConfig config;
    private final String script;
    private final String scriptSha;

    StockStore(RedisPipeline redis, NearCache nearCache, CatalogConfig config) {
        this.redis = redis;
        this.nearCache = nearCache;
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
        for (int i = 0; i < replies.size(); i++) {
            results.add(replies.get(i).toLong());
            nearCache.evict(changes.get(i).productId());
        }
        return results;
    }

    /**
     * A level the drift sync found ahead of the warehouse: {@code truth} is the warehouse's level (version
     * 0: it has none, the level goes), written only while Redis still holds {@code aheadVersion}.
     */
    public record Repair(LevelState truth, long aheadVersion) {
    }

    /**
     * Overwrites levels whose stored version is ahead of the warehouse's, one script call per product
     * (aggregates and text follow, as for any write). Returns how many levels were repaired; a level
     * whose version moved meanwhile (a real event caught up) is left alone.
     */
    public long repair(List<Repair> repairs) {
        Map<String, List<Repair>> byProduct = new LinkedHashMap<>();
        for (Repair repair : repairs) {
            byProduct.computeIfAbsent(repair.truth().productId(), p -> new ArrayList<>()).add(repair);
        }
        List<Request> requests = new ArrayList<>(byProduct.size());
        byProduct.forEach((productId, group) -> {
            Request request = applyRequest(StockChange.snapshot(productId, group.stream().map(Repair::truth).toList()));
            request.arg("repair");
            group.forEach(r -> request.arg(r.aheadVersion()));
            requests.add(request);
        });
        long repaired = 0;
        for (Response reply : redis.send(requests)) {
            repaired += reply.toLong();
        }
        byProduct.keySet().forEach(nearCache::evict);
        return repaired;
    }

    /** The version Redis holds of each level of each product, by warehouse id (from the total hash). */
    public Map<String, Map<String, Long>> storedVersions(Collection<String> productIds) {
        List<String> ids = List.copyOf(productIds);
        List<Request> requests = new ArrayList<>(ids.size());
        for (String id : ids) {
            requests.add(readRequest(id));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Map<String, Long>> versions = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Long> levels = new LinkedHashMap<>();
            RedisPipeline.hash(replies.get(i)).forEach((field, value) -> {
                if (field.startsWith("w:")) {
                    // onHand:reserved:version:threshold:updatedAtMillis
                    levels.put(field.substring(2), Long.parseLong(value.split(":")[2]));
                }
            });
            versions.put(ids.get(i), levels);
        }
        return versions;
    }

    private Request applyRequest(StockChange change) {
        String productId = change.productId();
        List<LevelState> levels = change.levels();
        boolean dedup = change.eventId() != null;
        int keyCount = 5 + levels.size() + (dedup ? 1 : 0);
        Request request = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(keyCount)
                .arg(StockKeys.total(productId))
                .arg(StockKeys.available(productId))
                .arg(StockKeys.status(productId))
                .arg(StockKeys.lowStock(productId))
                .arg(StockKeys.json(productId));
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
        Decoder decoder = new Decoder();
        for (int i = 0; i < ids.size(); i++) {
            stocks.put(ids.get(i), decoder.decode(replies.get(i)));
        }
        return stocks;
    }

    /** The command reading a product's stock, for callers that pipeline it with others; see {@link #decode}. */
    public static Request readRequest(String productId) {
        return Request.cmd(Command.HGETALL).arg(StockKeys.total(productId));
    }

    /**
     * The command reading a product's stock as the JSON product reads write ({@link #decodeJson}); the
     * reply is nil where the script keeps none (data of an older script, a warehouse id that is not plain
     * ASCII, no stock at all): {@link #readRequest} then tells.
     */
    public static Request jsonRequest(String productId) {
        return Request.cmd(Command.GET).arg(StockKeys.json(productId));
    }

    /**
     * The stock in a reply to {@link #jsonRequest}, for the few who need it as an object (a response
     * writes the text as it is). The text is what apply-levels.lua renders, so it is parsed without
     * databind and with its fields in any order.
     */
    public static ProductStock decodeJson(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stock JSON is not an object");
            }
            long onHand = 0;
            long reserved = 0;
            long available = 0;
            StockStatus status = null;
            WarehouseLevels levels = null;
            Instant updatedAt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "onHand" -> onHand = p.getLongValue();
                    case "reserved" -> reserved = p.getLongValue();
                    case "available" -> available = p.getLongValue();
                    case "status" -> status = StockStatus.fromWireName(p.getText());
                    case "warehouses" -> levels = warehouses(p);
                    case "updatedAt" -> updatedAt = IsoInstants.parse(p.getText());
                    default -> p.skipChildren();
                }
            }
            if (status == null || levels == null) {
                throw new IllegalStateException("stock JSON without a status or warehouses");
            }
            return new ProductStock(onHand, reserved, available, status, levels, updatedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stock JSON", e);
        }
    }

    /** The object of levels by warehouse id the parser is at the start of. */
    private static WarehouseLevels warehouses(JsonParser p) throws IOException {
        WarehouseLevels.Builder levels = new WarehouseLevels.Builder(16);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            p.nextToken();
            long onHand = 0;
            long reserved = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "onHand" -> onHand = p.getLongValue();
                    case "reserved" -> reserved = p.getLongValue();
                    default -> p.skipChildren(); // available: derived
                }
            }
            levels.add(id, onHand, reserved);
        }
        return levels.build();
    }

    /** The stored level of one product in one warehouse (tests and drift comparison). */
    public Optional<Map<String, String>> level(String productId, String warehouseId) {
        Map<String, String> fields = RedisPipeline.hash(
                redis.sendOne(Request.cmd(Command.HGETALL).arg(StockKeys.warehouse(productId, warehouseId))));
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /** The stock in the reply to {@link #readRequest}; empty when Redis holds none. */
    public static Optional<ProductStock> decode(Response hash) {
        return new Decoder().decode(hash);
    }

    /**
     * Decodes replies to {@link #readRequest} from their bytes (every product read pays this, up to 1000
     * times per request): no map of the fields, no split or parse of strings. One decoder serves the
     * products of one reply and makes each warehouse id String once, as they share their warehouses.
     * A RESP2 reply alternates names and values; a RESP3 one is a map the client built already.
     */
    public static final class Decoder {
        /** Distinct warehouse ids remembered; more are decoded each time. */
        private static final int MAX_IDS = 64;

        private byte[][] names = new byte[16][];
        private String[] ids = new String[16];
        private int count;

        public Optional<ProductStock> decode(Response hash) {
            if (hash == null || hash.size() == 0) {
                return Optional.empty();
            }
            Fields fields = new Fields(hash.size() / 2);
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

        /** The id in a {@code w:<id>} field name; {@code hint}: where the previous product had its n-th one. */
        private String warehouseId(byte[] name, int hint) {
            if (hint < count && Arrays.equals(names[hint], name)) {
                return ids[hint];
            }
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(names[i], name)) {
                    return ids[i];
                }
            }
            String id = new String(name, WAREHOUSE_FIELD.length, name.length - WAREHOUSE_FIELD.length, StandardCharsets.UTF_8);
            if (count < MAX_IDS) {
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                    ids = Arrays.copyOf(ids, count * 2);
                }
                names[count] = name;
                ids[count] = id;
                count++;
            }
            return id;
        }

        /** The fields of one total hash, collected as they come. */
        private final class Fields {
            private long onHand;
            private long reserved;
            private long available;
            private long updatedAt;
            private StockStatus status;
            private int totals;
            private int warehouses;
            private int cursor;
            private final WarehouseLevels.Builder levels;

            Fields(int expected) {
                levels = new WarehouseLevels.Builder(expected);
            }

            void accept(byte[] name, byte[] value) {
                cursor = 0;
                if (startsWith(name, WAREHOUSE_FIELD)) {
                    // onHand:reserved:version:threshold:updatedAtMs
                    long levelOnHand = number(value);
                    levels.add(warehouseId(name, warehouses++), levelOnHand, number(value));
                } else if (Arrays.equals(name, ON_HAND)) {
                    onHand = number(value);
                    totals++;
                } else if (Arrays.equals(name, RESERVED)) {
                    reserved = number(value);
                    totals++;
                } else if (Arrays.equals(name, AVAILABLE)) {
                    available = number(value);
                    totals++;
                } else if (Arrays.equals(name, STATUS)) {
                    status = status(value);
                } else if (Arrays.equals(name, UPDATED_AT)) {
                    updatedAt = number(value);
                }
            }

            /**
             * The decimal integer (optionally negative) at the cursor, up to the next ':' or the end of
             * the value; the cursor moves past the ':'. No string made of it.
             */
            private long number(byte[] value) {
                int i = cursor;
                boolean negative = i < value.length && value[i] == '-';
                if (negative) {
                    i++;
                }
                int start = i;
                long number = 0;
                for (; i < value.length && value[i] != ':'; i++) {
                    int digit = value[i] - '0';
                    if (digit < 0 || digit > 9) {
                        throw new NumberFormatException("not a number: '" + new String(value, StandardCharsets.UTF_8) + "'");
                    }
                    number = Math.addExact(Math.multiplyExact(number, 10), digit);
                }
                if (i == start) {
                    throw new NumberFormatException("not a number: '" + new String(value, StandardCharsets.UTF_8) + "'");
                }
                cursor = i + 1;
                return negative ? -number : number;
            }

            Optional<ProductStock> stock() {
                if (status == null) {
                    return Optional.empty(); // not written by the apply script (yet)
                }
                if (totals < 3) {
                    throw new IllegalStateException("stock hash with a status but without its totals");
                }
                return Optional.of(new ProductStock(onHand, reserved, available, status, levels.build(),
                        updatedAt == 0 ? null : Instant.ofEpochMilli(updatedAt)));
            }
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
