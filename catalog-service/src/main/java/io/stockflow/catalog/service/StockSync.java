package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.stockflow.catalog.client.WarehouseClient;
import io.stockflow.catalog.client.WarehouseDtos.RecentlyUpdatedRequest;
import io.stockflow.catalog.client.WarehouseDtos.RecentlyUpdatedResponse;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.ProductRepository;
import io.stockflow.catalog.persistence.SyncCheckpointStore;
import io.stockflow.catalog.persistence.SyncCheckpointStore.Checkpoint;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.events.LevelState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Drift repair: pulls the levels changed since the last checkpoint, reads the versions Redis holds of
 * them, and applies those it lacks or holds older (a missed event, a flushed cache) with the same
 * version check as events. Without a checkpoint (first run, or Redis lost it with the rest) it pulls every level.
 * The warehouse is the truth: levels Redis holds at a version ahead of it are reset ({@link AheadRepair}),
 * among the pages' levels and, every run, among a slice of all products (an audit that goes round the
 * catalog), so that a forged level nobody changes again is found too.
 */
@ApplicationScoped
public class StockSync {

    private static final Logger LOG = Logger.getLogger(StockSync.class);

    /**
     * {@code levelsAheadRepaired}: levels Redis held ahead of the warehouse, reset to it. {@code caughtUp}:
     * the run read the changes up to the newest (not stopped at its page limit), so running it again at
     * once would find none; {@code levelsSeen} counts the audit's levels too and cannot tell.
     */
    public record SyncResult(long levelsSeen, long levelsRepaired, int pages, long levelsAheadRepaired,
            int productsAudited, boolean caughtUp) {
    }

    private final WarehouseClient warehouse;
    private final StockStore store;
    private final SyncCheckpointStore checkpoints;
    private final CacheWarmer warmer;
    private final CatalogConfig config;
    private final AheadRepair ahead;
    private final StockReadThrough readThrough;
    private final ProductRepository products;
    /** The last product the audit read; it continues after it next run, from the start once past the end. */
    private String auditedUpTo;
    private final Counter repaired;
    private final Counter runs;

    StockSync(@RestClient WarehouseClient warehouse, StockStore store, SyncCheckpointStore checkpoints,
            CacheWarmer warmer, CatalogConfig config, AheadRepair ahead, StockReadThrough readThrough,
            ProductRepository products, MeterRegistry registry) {
        this.ahead = ahead;
        this.readThrough = readThrough;
        this.products = products;
        this.warehouse = warehouse;
        this.store = store;
        this.checkpoints = checkpoints;
        this.warmer = warmer;
        this.config = config;
        this.repaired = Counter.builder("catalog.sync.repaired")
                .description("Levels the drift sync found missing or stale in Redis and repaired").register(registry);
        this.runs = Counter.builder("catalog.sync.runs").register(registry);
    }

    @Scheduled(identity = "catalog-stock-sync", every = "${catalog.sync.interval:30s}", delayed = "${catalog.sync.initial-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (warmer.state() == CacheWarmer.State.COLD) {
            warmer.retryIfCold();
            return;
        }
        if (!warmer.isWarm()) {
            return;
        }
        try {
            SyncResult result = syncOnce(config.sync().pagePause());
            if (result.levelsRepaired() > 0 || result.levelsAheadRepaired() > 0) {
                LOG.infof("drift sync repaired %d of %d levels (%d of them ahead of the warehouse)",
                        result.levelsRepaired() + result.levelsAheadRepaired(), result.levelsSeen(),
                        result.levelsAheadRepaired());
            }
        } catch (RuntimeException e) {
            LOG.warnf("drift sync failed, retrying next run: %s", e.toString());
        }
    }

    /** One run at full speed (an operator asked for it), from the checkpoint up to the newest change (or the page limit). */
    public SyncResult syncOnce() {
        return syncOnce(Duration.ZERO);
    }

    /**
     * One run, pausing between pages: a scheduled run after a busy spell re-reads tens of thousands of
     * levels, and read in one go it held the warehouse, Redis and the catalog for hundreds of
     * milliseconds every 30 s, the tail latency of whatever else they served meanwhile.
     */
    public synchronized SyncResult syncOnce(Duration pagePause) {
        Checkpoint checkpoint = checkpoints.load().orElse(new Checkpoint(null, null));
        long seen = 0;
        long fixed = 0;
        long aheadFixed = 0;
        int pages = 0;
        boolean caughtUp = false;
        while (pages < config.sync().maxPagesPerRun()) {
            RecentlyUpdatedResponse page = warehouse.recentlyUpdated(new RecentlyUpdatedRequest(
                    checkpoint.cursor() == null ? checkpoint.since() : null, checkpoint.cursor(),
                    config.sync().pageSize()));
            pages++;
            seen += page.items().size();
            Map<String, List<LevelState>> levels = AheadRepair.byProduct(page.items());
            Map<String, Map<String, Long>> stored = store.storedVersions(levels);
            for (long changed : store.apply(StockChange.snapshots(behind(page.items(), stored)))) {
                fixed += Math.max(0, changed);
            }
            aheadFixed += ahead.check(levels, stored, false);
            checkpoint = next(checkpoint, page);
            checkpoints.save(checkpoint);
            if (!page.hasMore()) {
                caughtUp = true;
                break;
            }
            pause(pagePause);
        }
        AuditResult audit = audit(nextAuditSlice());
        runs.increment();
        repaired.increment(fixed);
        return new SyncResult(seen + audit.levelsSeen(), fixed + audit.levelsRepaired(), pages,
                aheadFixed + audit.levelsAheadRepaired(), audit.products(), caughtUp);
    }

    /**
     * The levels Redis lacks or holds at an older version: only those go through the apply script, so a
     * page of changes the events brought already costs one read per product, not a script call.
     */
    static List<LevelState> behind(List<LevelState> levels, Map<String, Map<String, Long>> stored) {
        return levels.stream().filter(level -> {
            Long held = stored.getOrDefault(level.productId(), Map.of()).get(level.warehouseId());
            return held == null || held < level.version();
        }).toList();
    }

    public record AuditResult(int products, long levelsSeen, long levelsRepaired, long levelsAheadRepaired) {
    }

    /**
     * Compares these products whole (up to 1000) with the warehouse: levels Redis lacks or holds older
     * are written, levels it holds ahead of the warehouse or that the warehouse does not have are reset.
     * Counted in the sync's repair metrics.
     */
    public AuditResult audit(List<String> productIds) {
        if (productIds.isEmpty()) {
            return new AuditResult(0, 0, 0, 0);
        }
        StockReadThrough.Loaded loaded = readThrough.loadLevels(productIds);
        long aheadFixed = ahead.check(loaded.levels(), true);
        repaired.increment(loaded.changed());
        return new AuditResult(productIds.size(), loaded.levelCount(), loaded.changed(), aheadFixed);
    }

    /** The next {@code catalog.sync.audit-products} product ids, going round the catalog. */
    private List<String> nextAuditSlice() {
        int size = Math.min(config.sync().auditProducts(), StockReadThrough.BULK_LIMIT);
        if (size <= 0) {
            return List.of();
        }
        List<String> ids = products.idsAfter(auditedUpTo, size);
        if (ids.isEmpty() && auditedUpTo != null) {
            ids = products.idsAfter(null, size);
        }
        auditedUpTo = ids.isEmpty() ? null : ids.get(ids.size() - 1);
        return ids;
    }

    private static void pause(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Checkpoint next(Checkpoint current, RecentlyUpdatedResponse page) {
        if (page.nextCursor() != null) {
            return new Checkpoint(page.nextCursor(), current.since());
        }
        // no cursor to continue from: restart from the newest change seen, a little earlier to be safe
        Instant newest = page.items().stream().map(LevelState::updatedAt).filter(t -> t != null)
                .max(Instant::compareTo).orElse(null);
        return newest == null ? current : new Checkpoint(null, newest.minus(config.sync().checkpointOverlap()));
    }
}
