package io.stockflow.events;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;

/** The wire form of stock events: CloudEvent attributes and JSON data, shared by producer and consumers. */
public final class StockEvents {

    public static final String TOPIC = "warehouse.stock";
    public static final URI SOURCE = URI.create("/warehouse-service");
    public static final String DATA_CONTENT_TYPE = "application/json";
    public static final String EXT_PARTITION_KEY = "partitionkey";
    public static final String EXT_SEQUENCE = "sequence";

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Unknown fields are tolerated (newer producers); a duplicated key, 1.5 for a count or null for one are not. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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

    /**
     * Binds a CloudEvent from whatever transport to its stock event, checking everything a consumer
     * relies on: a UUID id, the warehouse as source, one of the known types, the product as subject and
     * data that {@link #parse(String, byte[]) parses}. Fails with {@link MalformedEventException}.
     */
    public static StockEvent parse(CloudEvent cloudEvent) {
        if (cloudEvent.getId() == null || !UUID_FORM.matcher(cloudEvent.getId()).matches()) {
            throw new MalformedEventException("event id must be a UUID");
        }
        if (!SOURCE.equals(cloudEvent.getSource())) {
            throw new MalformedEventException("event source '" + cloudEvent.getSource() + "' is not " + SOURCE);
        }
        byte[] data = cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
        StockEvent event = parse(cloudEvent.getType(), data);
        if (!event.productId().equals(cloudEvent.getSubject())) {
            throw new MalformedEventException("event subject '" + cloudEvent.getSubject()
                    + "' is not the product of its data, " + event.productId());
        }
        return event;
    }

    /**
     * Binds an event's data to the record of its type and checks the warehouse's guarantees: every
     * level belongs to the event's product, has well-formed ids, 0 <= reserved <= onHand,
     * available = onHand - reserved, a version from 1 and a threshold from 0. Fails with
     * {@link MalformedEventException}.
     */
    public static StockEvent parse(String type, byte[] data) {
        StockEventType eventType = StockEventType.fromWireName(type)
                .orElseThrow(() -> new MalformedEventException("unknown event type '" + type + "'"));
        if (data == null || data.length == 0) {
            throw new MalformedEventException("event of type " + type + " has no data");
        }
        StockEvent event;
        try {
            event = MAPPER.readValue(data, eventType.dataType());
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("malformed data for " + type + ": " + e.getMessage());
        }
        if (event == null || event.productId() == null || event.levels() == null) {
            throw new MalformedEventException("event data lacks productId or levels");
        }
        if (!Ids.isWellFormed(event.productId())) {
            throw new MalformedEventException("event productId " + Ids.MESSAGE);
        }
        if (event.levels().isEmpty()) {
            throw new MalformedEventException("event data has no levels");
        }
        for (LevelState level : event.levels()) {
            checkLevel(event.productId(), level);
        }
        return event;
    }

    private static void checkLevel(String productId, LevelState level) {
        if (level == null || level.productId() == null || level.warehouseId() == null) {
            throw new MalformedEventException("event data has a level without productId or warehouseId");
        }
        if (!level.productId().equals(productId)) {
            throw new MalformedEventException("event data has a level of product " + level.productId()
                    + ", not of its subject " + productId);
        }
        if (!Ids.isWellFormed(level.warehouseId())) {
            throw new MalformedEventException("event level warehouseId " + Ids.MESSAGE);
        }
        if (level.onHand() < 0 || level.reserved() < 0 || level.reserved() > level.onHand()) {
            throw new MalformedEventException("event level " + level.warehouseId() + " breaks 0 <= reserved ("
                    + level.reserved() + ") <= onHand (" + level.onHand() + ")");
        }
        if (level.version() < 1) {
            throw new MalformedEventException("event level " + level.warehouseId() + " has version "
                    + level.version() + "; versions start at 1");
        }
        if (level.lowStockThreshold() < 0 || level.safetyStock() < 0 || level.incoming() < 0) {
            throw new MalformedEventException("event level " + level.warehouseId()
                    + " has a negative lowStockThreshold, safetyStock or incoming");
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
