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

    public InventoryQueries(StockLevelRepository levels, LedgerRepository ledger, WarehouseConfig config) {
        this.levels = levels;
        this.ledger = ledger;
        this.config = config;
    }

    public Views.ProductStock product(String productId) {
        List<StockLevel> found = levels.findByProduct(productId);
        if (found.isEmpty()) {
            throw new NotFound("product", productId);
        }
        return Views.ProductStock.of(productId, states(found));
    }

    public Views.MovementPage movements(String productId, Long beforeSequence, int limit) {
        List<LedgerEntry> page = ledger.page(productId, beforeSequence, limit + 1);
        if (page.isEmpty() && beforeSequence == null) {
            throw new NotFound("product", productId);
        }
        boolean more = page.size() > limit;
        List<LedgerEntry> items = more ? page.subList(0, limit) : page;
        return new Views.MovementPage(items, more ? Cursors.ofSequence(items.get(items.size() - 1).sequence()) : null);
    }

    /**
     * One database round trip for up to a thousand products. Products come in the order asked,
     * each product's levels by warehouse id (the rows arrive unordered).
     */
    public Views.BulkStock bulk(List<String> productIds, Optional<String> warehouseId, boolean includeWarehouses) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(productIds);
        Map<String, List<LevelState>> byProduct = new HashMap<>(distinct.size() * 2);
        for (StockLevel level : levels.findByProducts(distinct, warehouseId)) {
            byProduct.computeIfAbsent(level.key().productId(), p -> new ArrayList<>())
                    .add(level.state(config.defaultLowStockThreshold()));
        }
        Map<String, Views.StockTotals> stocks = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String productId : distinct) {
            List<LevelState> found = byProduct.get(productId);
            if (found == null) {
                missing.add(productId);
                continue;
            }
            if (includeWarehouses) {
                found.sort(BY_WAREHOUSE);
            }
            Views.ProductStock totals = Views.ProductStock.of(productId, found);
            stocks.put(productId, new Views.StockTotals(totals.onHand(), totals.reserved(), totals.available(),
                    includeWarehouses ? found : null));
        }
        return new Views.BulkStock(stocks, missing);
    }

    /**
     * Every level changed after the cursor (or after {@code since} on the first page), each change
     * once, in a stable order; the cursor of an exhausted page stands at the horizon, so polling
     * with it later returns only newer changes and never skips one that committed late.
     */
    public Views.ChangedLevels recentlyUpdated(String cursor, Instant since, Optional<String> warehouseId, int limit) {
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
        return new Views.ChangedLevels(states(items), Cursors.ofPosition(next), more);
    }

    private List<LevelState> states(List<StockLevel> found) {
        return found.stream().map(l -> l.state(config.defaultLowStockThreshold())).toList();
    }
}
