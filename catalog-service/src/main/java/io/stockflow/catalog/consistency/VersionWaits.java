package io.stockflow.catalog.consistency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.persistence.NearCache;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.events.LevelState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads waiting for Redis to hold levels at least at some versions, woken without polling: by this
 * replica's own writes ({@link #applied}, from StockStore), and by Redis itself for the writes of every
 * other replica, since the versions are read over the near cache's tracking connection and Redis then
 * announces any change of those keys ({@link #changed}); the wait reads them once more. Without
 * tracking a wait looks again every {@code recheckInterval}. Either way it ends after {@code maxWait}.
 * Nothing here is touched by a read without a token, and a write costs one emptiness check.
 */
@ApplicationScoped
public class VersionWaits {

    /** One read's wait: what it still needs, per product and warehouse. */
    static final class Wait {
        private final Map<String, Map<String, Long>> missing;
        private final List<String> products;
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private volatile long timer = -1;
        private volatile long recheck = -1;

        Wait(Map<String, Map<String, Long>> required) {
            missing = new HashMap<>();
            required.forEach((product, levels) -> missing.put(product, new HashMap<>(levels)));
            products = List.copyOf(required.keySet());
        }

        /** Takes what Redis holds now of one product; true once nothing is missing. */
        synchronized boolean satisfy(String productId, Map<String, Long> held) {
            Map<String, Long> need = missing.get(productId);
            if (need != null) {
                need.entrySet().removeIf(e -> held.getOrDefault(e.getKey(), 0L) >= e.getValue());
                if (need.isEmpty()) {
                    missing.remove(productId);
                }
            }
            return missing.isEmpty();
        }

        synchronized List<String> missingLevels(String productId) {
            Map<String, Long> need = missing.get(productId);
            return need == null ? List.of() : new ArrayList<>(need.keySet());
        }

        synchronized List<String> missingProducts() {
            return new ArrayList<>(missing.keySet());
        }
    }

    private final Map<String, Set<Wait>> byProduct = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final NearCache nearCache;
    private final RedisPipeline redis;
    private final Vertx vertx;
    private final long maxWaitMs;
    private final int maxWaiters;
    private final long recheckMs;

    VersionWaits(NearCache nearCache, RedisPipeline redis, Vertx vertx, CatalogConfig config, MeterRegistry registry) {
        this.nearCache = nearCache;
        this.redis = redis;
        this.vertx = vertx;
        this.maxWaitMs = Math.max(1, config.consistency().maxWait().toMillis());
        this.maxWaiters = config.consistency().maxWaiters();
        this.recheckMs = Math.max(1, config.consistency().recheckInterval().toMillis());
        Gauge.builder("catalog.consistency.waiting", waiting, AtomicInteger::get)
                .description("reads with a consistency token waiting for their events").register(registry);
    }

    void listen(@Observes StartupEvent started) {
        nearCache.onChange(this::changed);
    }

    /**
     * Completes with true once Redis holds every level of {@code required} (product → warehouse →
     * version) at least at that version, with false after the bound (or at once when too many wait).
     */
    public CompletionStage<Boolean> await(Map<String, Map<String, Long>> required) {
        if (required.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        if (waiting.incrementAndGet() > maxWaiters) {
            waiting.decrementAndGet();
            return CompletableFuture.completedFuture(false);
        }
        Wait wait = new Wait(required);
        // registered before the first look: a write applied after it wakes it, one applied before is seen
        for (String productId : required.keySet()) {
            byProduct.compute(productId, (id, waits) -> {
                Set<Wait> set = waits != null ? waits : ConcurrentHashMap.newKeySet();
                set.add(wait);
                return set;
            });
        }
        wait.timer = vertx.setTimer(maxWaitMs, id -> finish(wait, false));
        boolean tracked = nearCache.tracking();
        for (String productId : required.keySet()) {
            look(wait, productId);
        }
        if (!tracked) {
            wait.recheck = vertx.setPeriodic(recheckMs, id -> wait.missingProducts().forEach(p -> look(wait, p)));
        }
        if (wait.done.isDone()) {
            cancelTimers(wait);
        }
        return wait.done;
    }

    /** This replica stored these levels (or found them stored at least as new). */
    public void applied(String productId, List<LevelState> levels) {
        if (byProduct.isEmpty()) {
            return;
        }
        Set<Wait> waits = byProduct.get(productId);
        if (waits == null) {
            return;
        }
        Map<String, Long> held = new HashMap<>();
        for (LevelState level : levels) {
            held.merge(level.warehouseId(), level.version(), Math::max);
        }
        for (Wait wait : waits) {
            if (wait.satisfy(productId, held)) {
                finish(wait, true);
            }
        }
    }

    /** Redis says a key of the product changed (any replica's write): its waits look again. */
    void changed(String productId) {
        if (byProduct.isEmpty()) {
            return;
        }
        Set<Wait> waits = byProduct.get(productId);
        if (waits != null) {
            waits.forEach(wait -> look(wait, productId));
        }
    }

    /** Reads the versions the wait still needs of one product, tracked so that their next change is announced. */
    private void look(Wait wait, String productId) {
        List<String> warehouses = wait.missingLevels(productId);
        if (warehouses.isEmpty() || wait.done.isDone()) {
            return;
        }
        List<Request> request = List.of(StockReader.versionsRequest(productId, warehouses));
        Future<List<Response>> reply = nearCache.sendTracked(request);
        (reply != null ? reply : redis.batch(request)).onSuccess(replies -> {
            if (wait.satisfy(productId, StockReader.versions(replies.get(0), warehouses))) {
                finish(wait, true);
            }
        });
        // a failed look leaves the wait to the next announcement or its bound
    }

    private void finish(Wait wait, boolean satisfied) {
        if (!wait.done.complete(satisfied)) {
            return;
        }
        cancelTimers(wait);
        waiting.decrementAndGet();
        for (String productId : wait.products) {
            byProduct.computeIfPresent(productId, (id, waits) -> {
                waits.remove(wait);
                return waits.isEmpty() ? null : waits;
            });
        }
    }

    private void cancelTimers(Wait wait) {
        if (wait.timer >= 0) {
            vertx.cancelTimer(wait.timer);
        }
        if (wait.recheck >= 0) {
            vertx.cancelTimer(wait.recheck);
        }
    }

    /** Waits registered now, for tests and the gauge. */
    int waiting() {
        return waiting.get();
    }
}
