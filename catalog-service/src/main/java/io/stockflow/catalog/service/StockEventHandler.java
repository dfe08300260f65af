package io.stockflow.catalog.service;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.events.StockEvent;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockEvents.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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
    private final Counter rejected;

    StockEventHandler(StockStore store, MeterRegistry registry) {
        this.store = store;
        this.applied = Counter.builder("catalog.events").tag("outcome", "applied")
                .description("Stock events (per product) that changed at least one level").register(registry);
        this.duplicates = Counter.builder("catalog.events").tag("outcome", "duplicate")
                .description("Stock events skipped because their id was processed already").register(registry);
        this.stale = Counter.builder("catalog.events").tag("outcome", "stale")
                .description("Stock events whose levels were all older than the stored ones").register(registry);
        this.rejected = Counter.builder("catalog.events").tag("outcome", "rejected")
                .description("Stock events refused as malformed or forged (pushed: 400; Kafka: dead-lettered)")
                .register(registry);
    }

    /**
     * Reads a CloudEvent off its transport and binds it (see {@link StockEvents#parse(CloudEvent)}):
     * whatever the SDK or the binding refuses, from an unknown encoding to a missing id, broken base64
     * or a level that breaks the warehouse's invariants, is a {@link MalformedEventException}, counted.
     */
    public DecodedEvent decode(Supplier<CloudEvent> reader) {
        try {
            CloudEvent cloudEvent = reader.get();
            return new DecodedEvent(cloudEvent.getId(), StockEvents.parse(cloudEvent));
        } catch (MalformedEventException e) {
            rejected.increment();
            throw e;
        } catch (RuntimeException e) { // only reading the sender's bytes runs here: any failure is theirs
            rejected.increment();
            throw new MalformedEventException("not a readable CloudEvent: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    public DecodedEvent decode(CloudEvent cloudEvent) {
        return decode(() -> cloudEvent);
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
