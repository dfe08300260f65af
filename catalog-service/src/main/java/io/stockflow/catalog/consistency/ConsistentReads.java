package io.stockflow.catalog.consistency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.service.StockReadThrough;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.events.LevelState;
import io.stockflow.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Read-your-writes: before a read with a consistency token, Redis is made to hold the levels the token
 * names (of the products read) at least at its versions: by waiting a bounded time for their events
 * ({@link VersionWaits}), else by reading those products' levels from the warehouse and storing them
 * (version-checked, like any read-through). The read then goes on as any other.
 */
@ApplicationScoped
public class ConsistentReads {

    /** Where the stock a read with a token answers with came from (header Stockflow-Consistency-Source). */
    public enum Source {
        CACHE, WAREHOUSE;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    private static final CompletableFuture<Source> CACHE = CompletableFuture.completedFuture(Source.CACHE);

    private final VersionWaits waits;
    private final StockReadThrough stocks;
    private final ManagedExecutor workers;
    private final Counter fromCache;
    private final Counter fromWarehouse;

    ConsistentReads(VersionWaits waits, StockReadThrough stocks, ManagedExecutor workers, MeterRegistry registry) {
        this.waits = waits;
        this.stocks = stocks;
        this.workers = workers;
        this.fromCache = reads(registry, Source.CACHE);
        this.fromWarehouse = reads(registry, Source.WAREHOUSE);
    }

    private static Counter reads(MeterRegistry registry, Source source) {
        return Counter.builder("catalog.consistency.reads").tag("source", source.wireName())
                .description("reads with a consistency token, by where their stock came from").register(registry);
    }

    /**
     * Completes once Redis holds what {@code token} names of {@code productIds} (all it names if null),
     * with where it came from; fails with a 400 problem when the warehouse has not written a version the
     * token names (a token it never issued), with a 503 when the warehouse cannot be asked.
     */
    public CompletionStage<Source> ensure(Collection<String> productIds, ConsistencyToken token) {
        return ensure(productIds, token, ConsistencyToken.HEADER);
    }

    /** As {@link #ensure(Collection, ConsistencyToken)}, a refused token named as {@code field} (a batch's minVersion). */
    public CompletionStage<Source> ensure(Collection<String> productIds, ConsistencyToken token, String field) {
        Map<String, Map<String, Long>> required = new LinkedHashMap<>();
        for (String productId : productIds == null ? token.products() : productIds) {
            Map<String, Long> levels = token.levelsOf(productId);
            if (!levels.isEmpty()) {
                required.put(productId, levels);
            }
        }
        if (required.isEmpty()) {
            fromCache.increment();
            return CACHE;
        }
        return waits.await(required).thenCompose(fresh -> {
            if (fresh) {
                fromCache.increment();
                return CACHE;
            }
            return CompletableFuture.supplyAsync(() -> loadFromWarehouse(required, field), workers);
        });
    }

    /** Blocking: the products' levels from the warehouse, stored, and checked against the token. */
    private Source loadFromWarehouse(Map<String, Map<String, Long>> required, String field) {
        List<String> ids = List.copyOf(required.keySet());
        Map<String, Map<String, Long>> held = new LinkedHashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += StockReadThrough.BULK_LIMIT) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + StockReadThrough.BULK_LIMIT));
                stocks.loadLevels(chunk).levels().forEach((productId, levels) -> {
                    Map<String, Long> versions = held.computeIfAbsent(productId, p -> new LinkedHashMap<>());
                    for (LevelState level : levels) {
                        versions.put(level.warehouseId(), level.version());
                    }
                });
            }
        } catch (RuntimeException e) {
            throw new StockReadThrough.StockUnavailableException(ids.size(), e);
        }
        required.forEach((productId, levels) -> levels.forEach((warehouseId, version) -> {
            long written = held.getOrDefault(productId, Map.of()).getOrDefault(warehouseId, 0L);
            if (written < version) {
                throw ProblemException.invalid(field, "names version " + version + " of product "
                        + productId + " in warehouse " + warehouseId + ", which the warehouse has not written "
                        + "(it is at " + written + "): not a token it issued");
            }
        }));
        fromWarehouse.increment();
        return Source.WAREHOUSE;
    }
}
