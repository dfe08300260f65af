package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.persistence.ProductRepository;
import io.stockflow.catalog.persistence.SyncCheckpointStore;
import io.stockflow.catalog.persistence.SyncCheckpointStore.Checkpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Fills Redis before readiness turns up: the catalog's product ids, in chunks of up to 1000, through
 * the warehouse's bulk API with several calls in flight, each chunk written in one pipeline. Events
 * arriving meanwhile are applied concurrently; the version check keeps a newer event over an older
 * snapshot whichever lands first.
 */
@ApplicationScoped
public class CacheWarmer {

    private static final Logger LOG = Logger.getLogger(CacheWarmer.class);

    public record WarmupResult(long levels, long products, Duration took) {
    }

    private final ProductRepository products;
    private final StockReadThrough readThrough;
    private final SyncCheckpointStore checkpoints;
    private final CatalogConfig config;
    private final AtomicLong lastLevels = new AtomicLong();
    private final AtomicLong lastMillis = new AtomicLong();
    private volatile boolean warm;

    CacheWarmer(ProductRepository products, StockReadThrough readThrough, SyncCheckpointStore checkpoints,
            CatalogConfig config, MeterRegistry registry) {
        this.products = products;
        this.readThrough = readThrough;
        this.checkpoints = checkpoints;
        this.config = config;
        Gauge.builder("catalog.warmup.levels", lastLevels, AtomicLong::get)
                .description("Levels loaded by the last cache warm-up").register(registry);
        Gauge.builder("catalog.warmup.duration.seconds", lastMillis, m -> m.get() / 1000.0)
                .description("How long the last cache warm-up took").register(registry);
    }

    public boolean isWarm() {
        return warm;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.warmup().enabled()) {
            warm = true;
            return;
        }
        Thread thread = new Thread(this::warmWithRetries, "catalog-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private void warmWithRetries() {
        for (int attempt = 1; attempt <= config.warmup().maxAttempts(); attempt++) {
            try {
                warm();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cache warm-up attempt %d of %d failed: %s", attempt, config.warmup().maxAttempts(), e.toString());
                try {
                    Thread.sleep(config.warmup().retryDelay().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // serving beats staying unready: reads of cold products read through, the sync repairs the rest
        LOG.error("cache warm-up gave up; turning ready with a cold cache");
        warm = true;
    }

    /** One full warm-up pass; marks the cache warm when it succeeds. */
    public WarmupResult warm() {
        Instant started = Instant.now();
        int chunk = Math.min(config.warmup().chunkSize(), StockReadThrough.BULK_LIMIT);
        int inFlightLimit = Math.max(1, config.warmup().concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(inFlightLimit, r -> new Thread(r, "catalog-warmup-call"));
        CompletionService<Integer> calls = new ExecutorCompletionService<>(pool);
        long levels = 0;
        long productCount = 0;
        int inFlight = 0;
        try {
            String after = null;
            while (true) {
                List<String> ids = products.idsAfter(after, chunk);
                if (ids.isEmpty()) {
                    break;
                }
                after = ids.get(ids.size() - 1);
                productCount += ids.size();
                List<String> batch = new ArrayList<>(ids);
                calls.submit(() -> readThrough.load(batch));
                if (++inFlight >= inFlightLimit) {
                    levels += take(calls);
                    inFlight--;
                }
            }
            while (inFlight-- > 0) {
                levels += take(calls);
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.between(started, Instant.now());
        // changes from here on arrive as events; the sync starts a little earlier to cover those in flight
        checkpoints.saveIfAbsent(new Checkpoint(null, started.minus(config.sync().checkpointOverlap())));
        lastLevels.set(levels);
        lastMillis.set(took.toMillis());
        warm = true;
        LOG.infof("cache warm-up loaded %d levels of %d products in %d ms", levels, productCount, took.toMillis());
        return new WarmupResult(levels, productCount, took);
    }

    private static int take(CompletionService<Integer> calls) {
        try {
            Future<Integer> done = calls.take();
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("warm-up interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
