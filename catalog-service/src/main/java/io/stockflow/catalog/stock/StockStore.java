package io.stockflow.catalog.stock;

import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.consistency.VersionWaits;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.NearCache;
import io.stockflow.catalog.persistence.RedisPipeline;
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
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes the stock read model: every write is one call of {@code redis/apply-levels.lua} per product
 * (dedup by event id, version check per level, aggregates moved by the written levels, the stock text
 * rendered), many products pipelined into one round trip. {@link StockReader} reads what it stores;
 * the layout is described in catalog-service/README.md.
 */
@ApplicationScoped
public class StockStore {

    /** What {@link #apply} reports for a change whose event was already processed. */
    public static final long DUPLICATE = -1;

    private final RedisPipeline redis;
    private final NearCache nearCache;
    private final VersionWaits waits;
    private final CatalogConfig config;
    private final String script;
    private final String scriptSha;

    StockStore(RedisPipeline redis, NearCache nearCache, VersionWaits waits, CatalogConfig config) {
        this.redis = redis;
        this.nearCache = nearCache;
        this.waits = waits;
        this.config = config;
        this.script = scriptText();
        this.scriptSha = sha1(script);
    }

    /**
     * Applies every change in one pipelined round trip. Returns, per change and in order, how many
     * of its levels were newer than the stored ones, or {@link #DUPLICATE}. For levels read from the
     * warehouse (read-through, warm-up, drift sync): lost in a Redis failover, they are read again.
     */
    public List<Long> apply(List<StockChange> changes) {
        return apply(changes, redis::send);
    }

    /**
     * As {@link #apply}, returning only once the replicas {@code CATALOG_CACHE_REPLICA_ACKS} asks for hold
     * the writes too: for events, whose offsets are committed on return, so that Kafka would not bring
     * again what a master lost before passing it on.
     */
    public List<Long> applyEvents(List<StockChange> changes) {
        return apply(changes, requests -> redis.sendReplicated(requests, config.cache().replicaAcks(),
                config.cache().replicaAckTimeout()));
    }

    private List<Long> apply(List<StockChange> changes, Function<List<Request>, List<Response>> write) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Response> replies = run(write, withBody -> {
            List<Request> requests = new ArrayList<>(changes.size());
            for (StockChange change : changes) {
                requests.add(applyRequest(change, withBody));
            }
            return requests;
        });
        List<Long> results = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            results.add(replies.get(i).toLong());
            nearCache.evict(changes.get(i).productId());
        }
        // written, skipped as not newer or as a duplicate: Redis holds each level at least at its version now
        for (StockChange change : changes) {
            waits.applied(change.productId(), change.levels());
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
        List<Response> replies = run(redis::send, withBody -> {
            List<Request> requests = new ArrayList<>(byProduct.size());
            byProduct.forEach((productId, group) -> {
                Request request = applyRequest(StockChange.snapshot(productId, group.stream().map(Repair::truth).toList()), withBody);
                request.arg("repair");
                group.forEach(r -> request.arg(r.aheadVersion()));
                requests.add(request);
            });
            return requests;
        });
        long repaired = 0;
        for (Response reply : replies) {
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
            requests.add(Request.cmd(Command.HGETALL).arg(StockKeys.total(id)));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Map<String, Long>> versions = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Long> levels = new LinkedHashMap<>();
            RedisPipeline.hash(replies.get(i)).forEach((field, value) -> {
                String warehouseId = StockKeys.warehouseOfLevelField(field);
                if (warehouseId != null) {
                    // onHand:reserved:version:threshold:updatedAtMs:… (the script's header lists them)
                    levels.put(warehouseId, StockReader.versionOf(value));
                }
            });
            versions.put(ids.get(i), levels);
        }
        return versions;
    }

    /**
     * The version Redis holds of the given levels only, by product and warehouse id (levels it lacks are
     * absent): {@link StockReader#versionsRequest} per product, where {@link #storedVersions(Collection)}
     * reads every field of the total hash, its aggregates and all its levels.
     */
    public Map<String, Map<String, Long>> storedVersions(Map<String, List<LevelState>> levels) {
        List<String> ids = List.copyOf(levels.keySet());
        List<List<String>> warehouses = new ArrayList<>(ids.size());
        List<Request> requests = new ArrayList<>(ids.size());
        for (String id : ids) {
            List<String> asked = levels.get(id).stream().map(LevelState::warehouseId).distinct().toList();
            warehouses.add(asked);
            requests.add(StockReader.versionsRequest(id, asked));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Map<String, Long>> versions = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Long> found = new LinkedHashMap<>(StockReader.versions(replies.get(i), warehouses.get(i)));
            found.values().removeIf(version -> version == 0); // 0: Redis lacks the level
            versions.put(ids.get(i), found);
        }
        return versions;
    }

    /**
     * The eleven arguments of one level, in the order the script reads them (its header lists them). A
     * time goes as milliseconds, to compare, and as their {@link Instant#toString}, which the script
     * copies into the text (updatedAt when it is the product's latest, nextIncomingAt always).
     */
    private static void levelArguments(Request request, LevelState level) {
        long updatedAt = millis(level.updatedAt());
        long nextIncomingAt = millis(level.nextIncomingAt());
        request.arg(level.warehouseId())
                .arg(level.onHand())
                .arg(level.reserved())
                .arg(level.version())
                .arg(level.lowStockThreshold())
                .arg(updatedAt)
                .arg(text(updatedAt))
                .arg(level.safetyStock())
                .arg(level.incoming())
                .arg(nextIncomingAt)
                .arg(text(nextIncomingAt));
    }

    private static long millis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }

    private static String text(long millis) {
        return millis == 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }

    /**
     * Writes the script calls {@code calls} builds, by digest ({@code EVALSHA}). A Redis that does not
     * know the script (restarted, its script cache flushed, or a cluster's replica just promoted: scripts
     * are cached per node, not replicated) answers NOSCRIPT; then they go again, which is safe as each
     * call is idempotent: on one node after loading the script, on a cluster each with its body
     * ({@code EVAL}), which caches it on whichever node runs it (a keyless SCRIPT LOAD reaches one node).
     */
    private List<Response> run(Function<List<Request>, List<Response>> write, Function<Boolean, List<Request>> calls) {
        try {
            return write.apply(calls.apply(false));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
        }
        if (redis.cluster()) {
            return write.apply(calls.apply(true));
        }
        redis.sendOne(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script));
        return write.apply(calls.apply(false));
    }

    /** One script call for the change: by digest, or with the script's body ({@code withBody}). */
    private Request applyRequest(StockChange change, boolean withBody) {
        String productId = change.productId();
        List<LevelState> levels = change.levels();
        boolean dedup = change.eventId() != null;
        int keyCount = 5 + levels.size() + (dedup ? 1 : 0);
        Request request = (withBody ? Request.cmd(Command.EVAL).arg(script) : Request.cmd(Command.EVALSHA).arg(scriptSha))
                .arg(keyCount)
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
            levelArguments(request, level);
        }
        return request;
    }

    /** The stored level of one product in one warehouse (tests and drift comparison). */
    public Optional<Map<String, String>> level(String productId, String warehouseId) {
        Map<String, String> fields = RedisPipeline.hash(
                redis.sendOne(Request.cmd(Command.HGETALL).arg(StockKeys.warehouse(productId, warehouseId))));
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /** The apply script as Redis runs it: the stock text's functions, then the apply itself. */
    public static String scriptText() {
        return resource("/redis/stock-text.lua") + "\n" + resource("/redis/apply-levels.lua");
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
