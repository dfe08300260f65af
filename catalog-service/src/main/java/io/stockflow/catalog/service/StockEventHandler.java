package io.stockflow.catalog.service;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.StockStore;
import io.stockflow.events.StockEvent;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockEvents.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies stock events to the read model, whichever transport delivered them (Kafka or HTTP push):
 * decode, then apply a batch through the store's idempotent script in one round trip.
 */
@ApplicationScoped
public class StockEventHandler {

    /** An event bound to its data, with the id that de-duplicates redeliveries. */
    public record DecodedEvent(String eventId, StockEvent event) {
    }

    private final StockStore store;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter stale;

    StockEventHandler(StockStore store, MeterRegistry registry) {
        this.store = store;
        this.applied = Counter.builder("catalog.events").tag("outcome", "applied")
                .description("Stock events (per product) that changed at least one level").register(registry);
        this.duplicates = Counter.builder("catalog.events").tag("outcome", "duplicate")
                .description("Stock events skipped because their id was processed already").register(registry);
        this.stale = Counter.builder("catalog.events").tag("outcome", "stale")
                .description("Stock events whose levels were all older than the stored ones").register(registry);
    }

    /** Binds a CloudEvent's data; {@link MalformedEventException} when no consumer could apply it. */
    public DecodedEvent decode(CloudEvent cloudEvent) {
        if (cloudEvent.getId() == null || cloudEvent.getId().isBlank()) {
            throw new MalformedEventException("event has no id");
        }
        byte[] data = cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
        return new DecodedEvent(cloudEvent.getId(), StockEvents.parse(cloudEvent.getType(), data));
    }

    /** Applies the events in one pipelined Redis round trip; returns the levels that changed. */
    public long apply(List<DecodedEvent> events) {
        List<StockChange> changes = new ArrayList<>(events.size());
        for (DecodedEvent decoded : events) {
            changes.addAll(StockChange.of(decoded.eventId(), decoded.event()));
        }
        long changedLevels = 0;
        for (long result : store.apply(changes)) {
            if (result == StockStore.DUPLICATE) {
                duplicates.increment();
            } else if (result == 0) {
                stale.increment();
            } else {
                applied.increment();
                changedLevels += result;
            }
        }
        return changedLevels;
    }
}
