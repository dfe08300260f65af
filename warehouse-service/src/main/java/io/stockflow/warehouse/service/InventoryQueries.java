package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.LedgerEntry;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.persistence.LedgerRepository;
import io.stockflow.warehouse.persistence.StockLevelRepository;
import io.stockflow.warehouse.persistence.StockLevelRepository.ChangePage;
import io.stockflow.warehouse.persistence.StockLevelRepository.ChangePosition;
import io.stockflow.warehouse.persistence.StockLevelRepository.ProductTotals;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The warehouse's reads: per product, ledger pages, bulk stock and the change feed of levels. */
@ApplicationScoped
public class InventoryQueries {

    /**
     * The order ORDER BY warehouse_id gave under the C collation the databases use: ids are ASCII
     * (Requests.ID), whose String order is byte order.
     */
    private static final Comparator<LevelState> BY_WAREHOUSE = Comparator.comparing(LevelState::warehouseId);

    private final StockLevelRepository levels;
    private final LedgerRepository ledger;
    private final WarehouseConfig config;
    /**
     * Runs the extra chunks of bulk reads. Its own pool, not the request workers: a chunk never waits
     * for another task, so a full queue only delays, and the caller always makes progress itself.
     */
    private final ExecutorService bulkReads;

    public InventoryQueries(StockLevelRepository levels, LedgerRepository ledger, WarehouseConfig config) {
        this.levels = levels;
        this.ledger = ledger;
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.bulkReads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread thread = new Thread(r, "bulk-read-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public StockReads.ProductStock product(String productId) {
        List<StockLevel> found = levels.findByProduct(productId);
        if (found.isEmpty()) {
            throw new NotFound("product", productId);
        }
        return StockReads.ProductStock.of(productId, states(found));
    }

    /** Newest first; {@code warehouseId} null for every warehouse, {@code cursor} null for the first page. */
    public StockReads.MovementPage movements(String productId, String warehouseId, String cursor, int limit) {
        Long beforeSequence = cursor == null ? null : Cursors.toSequence(cursor);
        List<LedgerEntry> page = ledger.page(productId, warehouseId, beforeSequence, limit + 1);
        if (page.isEmpty() && beforeSequence == null
                && (warehouseId == null || ledger.page(productId, null, null, 1).isEmpty())) {
            throw new NotFound("product", productId);
        }
        boolean more = page.size() > limit;
        List<LedgerEntry> items = more ? page.subList(0, limit) : page;
        return new StockReads.MovementPage(items, more ? Cursors.ofSequence(items.get(items.size() - 1).sequence()) : null);
    }

    /**
     * Products in the order asked, each product's levels by warehouse id (the rows arrive unordered).
     * A large read is split into chunks of {@code bulk-chunk-size} products queried in parallel, the
     * last on the caller's thread: each chunk stays on index scans and the request uses every core.
     * Each product is read whole by one query; different products may come from different snapshots.
     */
    public StockReads.BulkStock bulk(List<String> productIds, Optional<String> warehouseId, boolean includeWarehouses) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(productIds));
        int chunk = Math.max(1, config.bulkChunkSize());
        List<CompletableFuture<Map<String, StockReads.StockTotals>>> others = new ArrayList<>();
        for (int from = 0; from + chunk < distinct.size(); from += chunk) {
            List<String> ids = distinct.subList(from, from + chunk);
            others.add(CompletableFuture.supplyAsync(() -> stocks(ids, warehouseId, includeWarehouses), bulkReads));
        }
        Map<String, StockReads.StockTotals> found = new HashMap<>(distinct.size() * 2);
        found.putAll(stocks(distinct.subList(others.size() * chunk, distinct.size()), warehouseId, includeWarehouses));
        for (CompletableFuture<Map<String, StockReads.StockTotals>> other : others) {
            found.putAll(join(other));
        }
        Map<String, StockReads.StockTotals> stocks = new LinkedHashMap<>(distinct.size() * 2);
        List<String> missing = new ArrayList<>();
        for (String productId : distinct) {
            StockReads.StockTotals stock = found.get(productId);
            if (stock == null) {
                missing.add(productId);
            } else {
                stocks.put(productId, stock);
            }
        }
        return new StockReads.BulkStock(stocks, missing);
    }

    /** One chunk: totals summed by the database, or every level when the warehouses are listed. */
    private Map<String, StockReads.StockTotals> stocks(List<String> productIds, Optional<String> warehouseId,
            boolean includeWarehouses) {
        Map<String, StockReads.StockTotals> stocks = new HashMap<>(productIds.size() * 2);
        if (!includeWarehouses) {
            for (ProductTotals totals : levels.totalsByProducts(productIds, warehouseId)) {
                stocks.put(totals.productId(), new StockReads.StockTotals(totals.onHand(), totals.reserved(),
                        totals.available(), null));
            }
            return stocks;
        }
        Map<String, List<LevelState>> byProduct = new HashMap<>(productIds.size() * 2);
        for (StockLevel level : levels.findByProducts(productIds, warehouseId)) {
            byProduct.computeIfAbsent(level.key().productId(), p -> new ArrayList<>())
                    .add(level.state());
        }
        byProduct.forEach((productId, found) -> {
            found.sort(BY_WAREHOUSE);
            StockReads.ProductStock totals = StockReads.ProductStock.of(productId, found);
            stocks.put(productId, new StockReads.StockTotals(totals.onHand(), totals.reserved(), totals.available(), found));
        });
        return stocks;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @PreDestroy
    void stop() {
        bulkReads.shutdownNow();
    }

    /**
     * Every level changed after the cursor (or after {@code since} on the first page), each change
     * once, in a stable order; the cursor of an exhausted page stands at the horizon, so polling
     * with it later returns only newer changes and never skips one that committed late.
     */
    public StockReads.ChangedLevels recentlyUpdated(String cursor, Instant since, Optional<String> warehouseId, int limit) {
        ChangePosition after = cursor == null ? ChangePosition.START : Cursors.toPosition(cursor);
        ChangePage page = levels.changedAfter(after, cursor == null ? since : null, warehouseId, limit + 1);
        boolean more = page.levels().size() > limit;
        List<StockLevel> items = more ? page.levels().subList(0, limit) : page.levels();
        ChangePosition next;
        if (more) {
            next = page.positions().get(limit - 1);
        } else {
            next = page.horizon().xid() > after.xid() ? page.horizon() : after;
        }
        return new StockReads.ChangedLevels(states(items), Cursors.ofPosition(next), more);
    }

    private List<LevelState> states(List<StockLevel> found) {
        return found.stream().map(StockLevel::state).toList();
    }
}
