package io.stockflow.warehouse.support;

import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Object mother for outbox rows, written over JDBC the way a command writes them: the ledger
 * sequence from the movement sequence, the data from the shared event records.
 */
public final class OutboxFixtures {

    public static final String WAREHOUSE = "WH-TEST";
    /** Twice the producer's default max.request.size (1 MiB). */
    private static final int OVERSIZED_REFERENCE = 2 * 1024 * 1024;

    /** What a test wrote: enough to recognise the event on the topic or in the feed. */
    public record WrittenEvent(UUID eventId, String productId, long sequence, Instant occurredAt, StockAdjusted data) {

        public String json() {
            return new String(StockEvents.toJson(data), StandardCharsets.UTF_8);
        }
    }

    private OutboxFixtures() {
    }

    public static String newProductId() {
        return "SKU-" + UUID.randomUUID();
    }

    /** SQL that inserts unstamped rows of one product at ledger sequences {@code from} through {@code through}. */
    public static String unstampedRows(long from, long through) {
        return """
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data)
                SELECT gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', s, now(), '{}'
                FROM generate_series(%d, %d) s;
                """.formatted(from, through);
    }

    /** Writes and commits one {@code warehouse.stock.adjusted} row. */
    public static WrittenEvent commitAdjustment(String productId, long version) {
        try (Connection connection = ExclusiveRelayDatabase.connect()) {
            connection.setAutoCommit(false);
            WrittenEvent written = writeAdjustment(connection, productId, version);
            connection.commit();
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes and commits one row the relay's producer refuses at once (larger than its
     * max.request.size): the relay stops at it on every pass until {@link #shrink} fixes it.
     */
    public static WrittenEvent commitOversizedAdjustment(String productId, long version) {
        try (Connection connection = ExclusiveRelayDatabase.connect()) {
            connection.setAutoCommit(false);
            WrittenEvent written = writeOversizedAdjustment(connection, productId, version);
            connection.commit();
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #commitOversizedAdjustment} in the caller's transaction. */
    public static WrittenEvent writeOversizedAdjustment(Connection connection, String productId, long version)
            throws SQLException {
        return writeAdjustment(connection, productId, version, "x".repeat(OVERSIZED_REFERENCE));
    }

    /** Gives an oversized row ordinary data, so the relay can publish it. */
    public static WrittenEvent shrink(WrittenEvent event) {
        StockAdjusted data = adjustment(event.productId(), event.data().levels().get(0).version(), "PO-shrunk",
                event.occurredAt());
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement update = connection.prepareStatement("UPDATE outbox SET data = ? WHERE event_id = ?")) {
            update.setString(1, new String(StockEvents.toJson(data), StandardCharsets.UTF_8));
            update.setObject(2, event.eventId());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new WrittenEvent(event.eventId(), event.productId(), event.sequence(), event.occurredAt(), data);
    }

    /** Writes one row in the caller's transaction: it becomes visible when the caller commits. */
    public static WrittenEvent writeAdjustment(Connection connection, String productId, long version) throws SQLException {
        return writeAdjustment(connection, productId, version, "PO-" + version);
    }

    private static WrittenEvent writeAdjustment(Connection connection, String productId, long version, String reference)
            throws SQLException {
        long sequence;
        // a transaction id first, as a command's lock of its level takes one (the relay's StampFloor relies on it)
        try (PreparedStatement id = connection.prepareStatement("SELECT pg_current_xact_id()")) {
            id.execute();
        }
        try (PreparedStatement next = connection.prepareStatement("SELECT nextval('stock_movement_sequence_seq')");
                ResultSet rs = next.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StockAdjusted data = adjustment(productId, version, reference, now);
        UUID eventId = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, eventId);
            insert.setString(2, StockEventType.STOCK_ADJUSTED.wireName());
            insert.setString(3, productId);
            insert.setLong(4, sequence);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setString(6, new String(StockEvents.toJson(data), StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
        return new WrittenEvent(eventId, productId, sequence, now, data);
    }

    private static StockAdjusted adjustment(String productId, long version, String reference, Instant at) {
        return new StockAdjusted(productId, WAREHOUSE, 5, "received", reference, null, "test",
                List.of(LevelState.of(productId, WAREHOUSE, 5 * version, 0, version, 10, at)));
    }

    /** Whether the broker acknowledged all these events: the relay's watermark passed them. */
    public static boolean allPublished(List<WrittenEvent> events) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement count = connection.prepareStatement("""
                        SELECT count(*) FROM outbox
                        WHERE event_id = ANY (?) AND position <= (SELECT published_through FROM outbox_watermark)""")) {
            count.setArray(1, connection.createArrayOf("uuid", events.stream().map(WrittenEvent::eventId).toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1) == events.size();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The relay's publish watermark: every position up to it was acknowledged by the broker. */
    public static long publishedThrough() {
        return single("SELECT published_through FROM outbox_watermark");
    }

    /** The event's feed position, or null while it is unstamped. */
    public static Long positionOf(WrittenEvent event) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement select = connection.prepareStatement("SELECT position FROM outbox WHERE event_id = ?")) {
            select.setObject(1, event.eventId());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getObject(1, Long.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretends the feed up to and including this event was written {@code age} ago. */
    public static void ageThrough(WrittenEvent event, Duration age) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE outbox SET created_at = now() - make_interval(secs => ?)
                        WHERE position <= (SELECT position FROM outbox WHERE event_id = ?)""")) {
            update.setLong(1, age.toSeconds());
            update.setObject(2, event.eventId());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean inOutbox(WrittenEvent event) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM outbox WHERE event_id = ?")) {
            select.setObject(1, event.eventId());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feed offset behind every row stamped so far. */
    public static long currentFeedHead() {
        return single("SELECT coalesce(max(position), 0) FROM outbox");
    }

    private static long single(String sql) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
