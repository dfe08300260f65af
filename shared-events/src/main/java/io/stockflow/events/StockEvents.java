package io.stockflow.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** The wire form of stock events: CloudEvent attributes and JSON data, shared by producer and consumers. */
public final class StockEvents {

    public static final String TOPIC = "warehouse.stock";
    public static final URI SOURCE = URI.create("/warehouse-service");
    public static final String DATA_CONTENT_TYPE = "application/json";
    public static final String EXT_PARTITION_KEY = "partitionkey";
    public static final String EXT_SEQUENCE = "sequence";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(IsoInstants.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StockEvents() {
    }

    /** The mapper that fixes the data's JSON form (RFC 3339 times, unknown fields tolerated). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toJson(StockEvent data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds an event's data to the record of its type; fails with {@link MalformedEventException}. */
    public static StockEvent parse(String type, byte[] data) {
        StockEventType eventType = StockEventType.fromWireName(type)
                .orElseThrow(() -> new MalformedEventException("unknown event type '" + type + "'"));
        if (data == null || data.length == 0) {
            throw new MalformedEventException("event of type " + type + " has no data");
        }
        try {
            StockEvent event = MAPPER.readValue(data, eventType.dataType());
            if (event.productId() == null || event.levels() == null) {
                throw new MalformedEventException("event data lacks productId or levels");
            }
            for (LevelState level : event.levels()) {
                if (level == null || level.productId() == null || level.warehouseId() == null) {
                    throw new MalformedEventException("event data has a level without productId or warehouseId");
                }
            }
            return event;
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("malformed data for " + type + ": " + e.getMessage());
        }
    }

    /** Builds the CloudEvent for one outbox row. {@code sequence} is the ledger sequence. */
    public static CloudEvent cloudEvent(UUID id, StockEventType type, String productId, long sequence,
            Instant time, byte[] data) {
        return CloudEventBuilder.v1()
                .withId(id.toString())
                .withSource(SOURCE)
                .withType(type.wireName())
                .withSubject(productId)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withExtension(EXT_PARTITION_KEY, productId)
                .withExtension(EXT_SEQUENCE, Long.toString(sequence))
                .withData(data)
                .build();
    }

    /** Raised for an event no consumer can apply: unknown type, missing or malformed data. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
