package io.stockflow.catalog.support;

import io.cloudevents.CloudEvent;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockIncoming;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockTransferred;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Object mother for stock CloudEvents as the warehouse's outbox relay publishes them. */
public final class Events {

    private Events() {
    }

    public static CloudEvent adjusted(LevelState level) {
        return adjusted(UUID.randomUUID(), level);
    }

    public static CloudEvent adjusted(UUID id, LevelState level) {
        StockAdjusted data = new StockAdjusted(level.productId(), level.warehouseId(), 1, "received", null, null,
                "test", List.of(level));
        return StockEvents.cloudEvent(id, StockEventType.STOCK_ADJUSTED, level.productId(), level.version(),
                Instant.now(), StockEvents.toJson(data));
    }

    /** A {@code warehouse.stock.incoming} event of one level ({@code action} expected, received or cancelled). */
    public static CloudEvent incoming(String action, long quantity, LevelState level) {
        StockIncoming data = new StockIncoming(level.productId(), level.warehouseId(), UUID.randomUUID(), action,
                quantity, level.incoming(), level.nextIncomingAt(), null, "test", List.of(level));
        return StockEvents.cloudEvent(UUID.randomUUID(), StockEventType.STOCK_INCOMING, level.productId(),
                level.version(), Instant.now(), StockEvents.toJson(data));
    }

    public static CloudEvent transferred(LevelState from, LevelState to) {
        StockTransferred data = new StockTransferred(from.productId(), from.warehouseId(), to.warehouseId(), 1, null,
                "test", List.of(from, to));
        return StockEvents.cloudEvent(UUID.randomUUID(), StockEventType.STOCK_TRANSFERRED, from.productId(),
                from.version(), Instant.now(), StockEvents.toJson(data));
    }
}
