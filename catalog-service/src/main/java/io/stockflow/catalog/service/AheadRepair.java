package io.stockflow.catalog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.client.WarehouseClient;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockRequest;
import io.stockflow.catalog.client.WarehouseDtos.BatchStockResponse;
import io.stockflow.catalog.client.WarehouseDtos.ProductLevels;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.stock.StockStore.Repair;
import io.stockflow.events.LevelState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The warehouse is the truth: a level Redis holds at a version AHEAD of the warehouse's (a forged or
 * corrupt event, which would make every later real event look stale) is reset to the warehouse's.
 * Redis may be ahead of a snapshot legitimately (an event applied after the snapshot was read), so a
 * suspect is re-read from the warehouse after Redis was: versions only grow and an event leaves the
 * warehouse only after its commit, so a stored version the warehouse still has not reached never
 * existed there. The overwrite is conditional on the stored version, so a real event in between wins.
 */
@ApplicationScoped
public class AheadRepair {

    private static final Logger LOG = Logger.getLogger(AheadRepair.class);

    private final StockStore store;
    private final WarehouseClient warehouse;
    private final Counter repaired;

    AheadRepair(StockStore store, @RestClient WarehouseClient warehouse, MeterRegistry registry) {
        this.store = store;
        this.warehouse = warehouse;
        this.repaired = Counter.builder("catalog.sync.repaired.ahead")
                .description("Levels whose Redis version was ahead of the warehouse's (forged or corrupt), reset to it")
                .register(registry);
    }

    /**
     * Checks Redis against warehouse levels just read. {@code complete}: the levels are every level of
     * their products (a bulk read), so a level Redis holds beyond them is suspect too; otherwise (a page
     * of recent changes) only the levels given are compared. Returns the levels repaired.
     */
    public long check(Map<String, List<LevelState>> warehouseLevels, boolean complete) {
        if (warehouseLevels.isEmpty()) {
            return 0;
        }
        // a page of changes compares only its own levels: their fields, not every field of each product's hash
        return check(warehouseLevels, complete ? store.storedVersions(warehouseLevels.keySet())
                : store.storedVersions(warehouseLevels), complete);
    }

    /**
     * {@link #check(Map, boolean)} against versions the caller read from Redis already
     * ({@link StockStore#storedVersions}), after the warehouse's levels were read.
     */
    public long check(Map<String, List<LevelState>> warehouseLevels, Map<String, Map<String, Long>> stored,
            boolean complete) {
        Map<String, Map<String, Long>> suspects = new LinkedHashMap<>();
        stored.forEach((productId, levels) -> {
            Map<String, Long> truth = versions(warehouseLevels.get(productId));
            levels.forEach((warehouseId, version) -> {
                Long known = truth.get(warehouseId);
                if (known == null ? complete : version > known) {
                    suspects.computeIfAbsent(productId, p -> new LinkedHashMap<>()).put(warehouseId, version);
                }
            });
        });
        return suspects.isEmpty() ? 0 : confirmAndRepair(suspects);
    }

    private long confirmAndRepair(Map<String, Map<String, Long>> suspects) {
        Map<String, Map<String, LevelState>> fresh = readFresh(suspects.keySet());
        List<Repair> repairs = new ArrayList<>();
        suspects.forEach((productId, levels) -> levels.forEach((warehouseId, aheadVersion) -> {
            LevelState truth = fresh.get(productId).get(warehouseId);
            if (truth == null || truth.version() < aheadVersion) {
                LOG.warnf("stock level %s/%s: Redis holds version %d, the warehouse %s; resetting it to the warehouse's",
                        productId, warehouseId, aheadVersion, truth == null ? "no such level" : "version " + truth.version());
                repairs.add(new Repair(truth != null ? truth : LevelState.of(productId, warehouseId, 0, 0, 0, 0, null),
                        aheadVersion));
            }
        }));
        if (repairs.isEmpty()) {
            return 0;
        }
        long done = store.repair(repairs);
        repaired.increment(done);
        return done;
    }

    /** Every level of the products as the warehouse holds them now, by product and warehouse id. */
    private Map<String, Map<String, LevelState>> readFresh(Set<String> productIds) {
        List<String> ids = List.copyOf(productIds);
        Map<String, Map<String, LevelState>> fresh = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += StockReadThrough.BULK_LIMIT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + StockReadThrough.BULK_LIMIT));
            BatchStockResponse response = warehouse.batchStock(BatchStockRequest.withWarehouses(chunk));
            for (String productId : chunk) {
                ProductLevels levels = response.stocks().get(productId);
                Map<String, LevelState> byWarehouse = new LinkedHashMap<>();
                if (levels != null) {
                    levels.warehouses().forEach(l -> byWarehouse.put(l.warehouseId(), l));
                }
                fresh.put(productId, byWarehouse);
            }
        }
        return fresh;
    }

    private static Map<String, Long> versions(List<LevelState> levels) {
        Map<String, Long> versions = new LinkedHashMap<>();
        if (levels != null) {
            levels.forEach(l -> versions.merge(l.warehouseId(), l.version(), Math::max));
        }
        return versions;
    }

    /** Levels grouped by product, in the order given. */
    public static Map<String, List<LevelState>> byProduct(List<LevelState> levels) {
        Map<String, List<LevelState>> grouped = new LinkedHashMap<>();
        for (LevelState level : levels) {
            grouped.computeIfAbsent(level.productId(), p -> new ArrayList<>()).add(level);
        }
        return grouped;
    }
}
