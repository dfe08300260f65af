package io.stockflow.warehouse.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.stockflow.warehouse.service.InventoryQueries;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells open product pages that their product changed. One thread per replica reads every watched
 * product's levels in one bulk query per tick (none while no page is open) and signals each page
 * whose product's signature (the sum of its level versions) differs from what it last showed. It
 * reads the database, not this replica's commits, so changes made through any replica show.
 */
@ApplicationScoped
public class LiveLevels {

    private static final Logger LOG = Logger.getLogger(LiveLevels.class);

    /** What a page receives: its product's new signature, or a keep-alive. */
    public record Signal(long signature, boolean keepAlive) {
    }

    private record Watcher(MultiEmitter<? super Signal> emitter, AtomicLong seen) {
    }

    private final InventoryQueries queries;
    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final long keepAliveTicks;
    private long ticks;

    LiveLevels(InventoryQueries queries,
            @ConfigProperty(name = "stockflow.console.live-interval", defaultValue = "250ms") Duration interval,
            @ConfigProperty(name = "stockflow.console.keep-alive", defaultValue = "20s") Duration keepAlive) {
        this.queries = queries;
        this.keepAliveTicks = Math.max(1, keepAlive.toMillis() / interval.toMillis());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "console-live");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Signals for one page that shows {@code productId} at {@code shown}; ends when the page goes. */
    public Multi<Signal> watch(String productId, long shown) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(emitter, new AtomicLong(shown));
            watchers.computeIfAbsent(productId, p -> ConcurrentHashMap.newKeySet()).add(watcher);
            emitter.onTermination(() -> watchers.computeIfPresent(productId, (p, set) -> {
                set.remove(watcher);
                return set.isEmpty() ? null : set;
            }));
        });
    }

    int watched() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        try {
            boolean keepAlive = ++ticks % keepAliveTicks == 0;
            if (watchers.isEmpty()) {
                return;
            }
            List<String> products = List.copyOf(watchers.keySet());
            var stocks = queries.bulk(products, Optional.empty(), true).stocks();
            for (String productId : products) {
                var stock = stocks.get(productId);
                long signature = stock == null ? 0 : ConsoleViews.Product.signature(stock.warehouses());
                for (Watcher watcher : watchers.getOrDefault(productId, Set.of())) {
                    if (watcher.seen().getAndSet(signature) != signature) {
                        watcher.emitter().emit(new Signal(signature, false));
                    } else if (keepAlive) {
                        watcher.emitter().emit(new Signal(signature, true));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("live levels: %s (next tick retries)", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        watchers.values().forEach(set -> set.forEach(w -> w.emitter().complete()));
    }
}
