package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.persistence.ProductRepository;
import io.stockflow.catalog.persistence.SyncCheckpointStore;
import io.stockflow.catalog.persistence.SyncCheckpointStore.Checkpoint;
import io.stockflow.support.logging.Progress;
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
 * <p>
 * Never silently cold: when every attempt failed the catalog serves what Redis (shared by all replicas,
 * outliving them) holds, and says so: state {@link State#COLD}, an error in the log, the gauge
 * {@code catalog.warmup.failed} at 1, readiness UP with {@code state: cold} and a product whose stock
 * cannot be read answered 503; the drift sync's schedule retries the warm-up until it succeeds.
 */
@ApplicationScoped
public class CacheWarmer {

    private static final Logger LOG = Logger.getLogger(CacheWarmer.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    public record WarmupResult(long levels, long products, Duration took) {
    }

    /** WARMING until the first warm-up ends: WARM when it succeeded, COLD when it gave up (retried later). */
    public enum State {
        WARMING, WARM, COLD
    }

    private final ProductRepository products;
    private final StockReadThrough readThrough;
    private final SyncCheckpointStore checkpoints;
    private final CatalogConfig config;
    private final AtomicLong lastLevels = new AtomicLong();
    private final AtomicLong lastMillis = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile State state = State.WARMING;
    private volatile String lastFailure;

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
        Gauge.builder("catalog.warmup.failed", failed, AtomicLong::get)
                .description("1 while the cache warm-up has given up (serving cold, retried), else 0").register(registry);
    }

    public boolean isWarm() {
        return state == State.WARM;
    }

    public State state() {
        return state;
    }

    /** Why the last warm-up attempt failed, while {@link State#COLD}. */
    public String lastFailure() {
        return lastFailure;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.warmup().enabled()) {
            state = State.WARM;
            return;
        }
        Thread thread = new Thread(this::warmWithRetries, "catalog-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** The first warm-up: a few attempts, then {@link State#COLD}, loudly. */
    public void warmWithRetries() {
        for (int attempt = 1; attempt <= config.warmup().maxAttempts(); attempt++) {
            try {
                warm();
                return;
            } catch (RuntimeException e) {
                lastFailure = e.toString();
                LOG.warnf("cache warm-up attempt %d of %d failed: %s", attempt, config.warmup().maxAttempts(), e.toString());
                try {
                    Thread.sleep(config.warmup().retryDelay().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // serving what Redis holds beats refusing everything (Redis is shared and outlives replicas), but
        // never silently: products Redis lacks answer 503 (not "stock": null) until a retry succeeds
        state = State.COLD;
        failed.set(1);
        LOG.errorf("cache warm-up gave up after %d attempts (%s); serving a COLD cache: products Redis lacks answer"
                + " 503, readiness reports state cold, catalog_warmup_failed is 1; retried with every drift sync run",
                config.warmup().maxAttempts(), lastFailure);
    }

    /** One more attempt while {@link State#COLD} (the drift sync's schedule calls it); false if it failed again. */
    public boolean retryIfCold() {
        if (state != State.COLD) {
            return true;
        }
        try {
            warm();
            LOG.info("cache warm-up succeeded on retry: the cache is warm again");
            return true;
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            LOG.errorf("cache warm-up retry failed, still serving a cold cache: %s", e.toString());
            return false;
        }
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
        Progress progress = new Progress(LOG, "cache warm-up", "products", products.count(), PROGRESS_EVERY);
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
                    progress.at(Math.max(0, productCount - (long) inFlight * chunk)); // about: the calls in flight are not done
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
        state = State.WARM;
        failed.set(0);
        lastFailure = null;
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
