package io.stockflow.catalog.domain;

import io.stockflow.events.Ids;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The levels of one product to apply to the read model, with the id of the event that carried them
 * ({@code null} for snapshots from the warehouse's read APIs, which need no de-duplication: the
 * version check alone makes them idempotent). Its ids follow the shared {@link Ids} rule, which
 * events and products are checked against where they enter: the stock text is rendered with them as
 * they are, as JSON never escapes them.
 */
public record StockChange(String productId, String eventId, List<LevelState> levels) {

    public StockChange {
        levels = List.copyOf(levels);
        if (!Ids.isWellFormed(productId)) {
            throw new IllegalArgumentException("productId " + Ids.MESSAGE);
        }
        for (LevelState level : levels) {
            if (!Ids.isWellFormed(level.warehouseId())) {
                throw new IllegalArgumentException("warehouseId of " + productId + " " + Ids.MESSAGE);
            }
        }
    }

    public static StockChange snapshot(String productId, List<LevelState> levels) {
        return new StockChange(productId, null, levels);
    }

    /** An event's levels grouped by product, so each group touches one Redis hash slot only. */
    public static List<StockChange> of(String eventId, StockEvent event) {
        Map<String, List<LevelState>> byProduct = new LinkedHashMap<>();
        byProduct.put(event.productId(), new ArrayList<>());
        for (LevelState level : event.levels()) {
            byProduct.computeIfAbsent(level.productId(), p -> new ArrayList<>()).add(level);
        }
        List<StockChange> changes = new ArrayList<>(byProduct.size());
        byProduct.forEach((productId, levels) -> changes.add(new StockChange(productId, eventId, levels)));
        return changes;
    }

    /** Groups snapshot levels (from the warehouse's read APIs) by product. */
    public static List<StockChange> snapshots(List<LevelState> levels) {
        Map<String, List<LevelState>> byProduct = new LinkedHashMap<>();
        for (LevelState level : levels) {
            byProduct.computeIfAbsent(level.productId(), p -> new ArrayList<>()).add(level);
        }
        List<StockChange> changes = new ArrayList<>(byProduct.size());
        byProduct.forEach((productId, group) -> changes.add(snapshot(productId, group)));
        return changes;
    }
}
