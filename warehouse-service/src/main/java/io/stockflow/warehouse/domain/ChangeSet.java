package io.stockflow.warehouse.domain;

import io.stockflow.events.LevelState;
import io.stockflow.events.LowStock;
import io.stockflow.events.StockEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one transaction changes: the levels it touched, their ledger entries and the events
 * they produce. Persisted as a unit, so the ledger, the projection and the outbox never disagree.
 */
public final class ChangeSet {

    private final String actor;
    private final String onBehalfOf;
    private final Map<LevelKey, StockLevel> touched = new LinkedHashMap<>();
    private final List<Movement> movements = new ArrayList<>();
    private final List<StockEvent> events = new ArrayList<>();

    /**
     * @param actor      the authenticated principal (or {@code system})
     * @param onBehalfOf whom the principal said it acts for, or null
     */
    public ChangeSet(String actor, String onBehalfOf) {
        this.actor = actor;
        this.onBehalfOf = onBehalfOf;
    }

    /** Records a level's change and returns it, so commands can chain. */
    public Movement record(StockLevel level, Movement movement) {
        touched.put(level.key(), level);
        movements.add(movement);
        return movement;
    }

    /** Adds the command's event, then a low-stock event for each of its levels that just crossed below. */
    public void emit(StockEvent event, StockLevel... levels) {
        events.add(event);
        for (StockLevel level : levels) {
            if (level.crossedIntoLowStockSinceReported()) {
                events.add(new LowStock(level.key().productId(), level.key().warehouseId(), level.available(),
                        level.effectiveThreshold(), actor, List.of(state(level))));
            }
        }
    }

    public LevelState state(StockLevel level) {
        return level.state();
    }

    public String actor() {
        return actor;
    }

    public String onBehalfOf() {
        return onBehalfOf;
    }

    public List<StockLevel> touchedLevels() {
        return List.copyOf(touched.values());
    }

    public List<Movement> movements() {
        return movements;
    }

    public List<StockEvent> events() {
        return events;
    }

    public boolean isEmpty() {
        return movements.isEmpty();
    }
}
