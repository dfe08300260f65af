package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.persistence.StockListingRepository;
import io.stockflow.warehouse.persistence.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Browsing reads: every level page by page (optionally the low ones), products by id prefix, a product's holds. */
@ApplicationScoped
public class StockListing {

    /** A page of levels; {@code nextCursor} is null on the last one. */
    public record LevelPage(List<LevelState> items, String nextCursor) {
    }

    private static final LevelKey START = new LevelKey("", "");

    private final StockListingRepository listing;
    private final WarehouseRepository warehouses;
    private final WarehouseConfig config;

    public StockListing(StockListingRepository listing, WarehouseRepository warehouses, WarehouseConfig config) {
        this.listing = listing;
        this.warehouses = warehouses;
        this.config = config;
    }

    /**
     * Levels in (product, warehouse) order after the cursor: a stable order, so paging neither repeats
     * nor skips a level that exists throughout. {@code lowStock}: only levels whose available is below
     * their threshold. An unknown warehouse is refused rather than answered with an empty page.
     */
    public LevelPage levels(Optional<String> warehouseId, boolean lowStock, String cursor, int limit) {
        LevelKey after = cursor == null ? START : Cursors.toLevel(cursor);
        warehouseId.ifPresent(w -> {
            if (warehouses.existing(Set.of(w)).isEmpty()) {
                throw new NotFound("warehouse", w);
            }
        });
        List<StockLevel> page = listing.levels(after, warehouseId, lowStock, config.defaultLowStockThreshold(), limit + 1);
        boolean more = page.size() > limit;
        List<StockLevel> items = more ? page.subList(0, limit) : page;
        List<LevelState> states = items.stream().map(StockLevel::state).toList();
        return new LevelPage(states, more ? Cursors.ofLevel(items.get(limit - 1).key()) : null);
    }

    /** Up to {@code limit} product ids that start with {@code prefix}, in order. */
    public List<String> productIds(String prefix, int limit) {
        return listing.productIds(prefix, limit);
    }

    /** The ids of the product's active reservations, soonest to expire first. */
    public List<UUID> activeReservations(String productId, int limit) {
        return listing.activeReservations(productId, limit);
    }
}
