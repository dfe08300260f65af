package io.stockflow.warehouse.outbox;

import io.cloudevents.CloudEvent;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import io.stockflow.support.tracing.TraceContext;
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
        long position,
        TraceContext trace) {

    /** A row written while tracing was off. */
    public OutboxRow(long id, UUID eventId, String eventType, String productId, long sequence, Instant occurredAt,
            String data, Instant createdAt, long position) {
        this(id, eventId, eventType, productId, sequence, occurredAt, data, createdAt, position, TraceContext.NONE);
    }

    /**
     * The row's CloudEvent: the same for Kafka and the feed, and on every redelivery (on Kafka, with
     * tracing on, plus the publish span's trace context: see messaging.KafkaEventPublisher).
     */
    public CloudEvent toCloudEvent() {
        StockEventType type = StockEventType.fromWireName(eventType)
                .orElseThrow(() -> new IllegalStateException("outbox row " + id + " has unknown type " + eventType));
        return StockEvents.cloudEvent(eventId, type, productId, sequence, occurredAt,
                data.getBytes(StandardCharsets.UTF_8));
    }
}
