package io.stockflow.warehouse.outbox;

import io.cloudevents.CloudEvent;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** One outbox row as the relay and the events feed read it. */
public record OutboxRow(
        long id,
        UUID eventId,
        String eventType,
        String productId,
        long sequence,
        Instant occurredAt,
        String data,
        Instant createdAt,
        long position) {

    /** The row's CloudEvent: the same for Kafka and the feed, and on every redelivery. */
    public CloudEvent toCloudEvent() {
        StockEventType type = StockEventType.fromWireName(eventType)
                .orElseThrow(() -> new IllegalStateException("outbox row " + id + " has unknown type " + eventType));
        return StockEvents.cloudEvent(eventId, type, productId, sequence, occurredAt,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
