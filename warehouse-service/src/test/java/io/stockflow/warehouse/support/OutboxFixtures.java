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

    /** Writes and commits one {@code warehouse.stock.adjusted} row. */
    public static WrittenEvent commitAdjustment(String productId, long version) {
        try (Connection connection = ExclusiveRelayDatabase.connect()) {
            return writeAdjustment(connection, productId, version);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes one row in the caller's transaction: it becomes visible when the caller commits. */
    public static WrittenEvent writeAdjustment(Connection connection, String productId, long version) throws SQLException {
        long sequence;
        try (PreparedStatement next = connection.prepareStatement("SELECT nextval('stock_movement_sequence_seq')");
                ResultSet rs = next.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StockAdjusted data = new StockAdjusted(productId, WAREHOUSE, 5, "received", "PO-" + version, null, "test",
                List.of(LevelState.of(productId, WAREHOUSE, 5 * version, 0, version, 10, now)));
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

    /** Whether the broker acknowledged all these events (the relay marked them published). */
    public static boolean allPublished(List<WrittenEvent> events) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE event_id = ANY (?) AND published_at IS NOT NULL")) {
            count.setArray(1, connection.createArrayOf("uuid", events.stream().map(WrittenEvent::eventId).toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1) == events.size();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretends the broker acknowledged the event {@code age} ago. */
    public static void backdatePublication(WrittenEvent event, Duration age) {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE outbox SET published_at = now() - make_interval(secs => ?) WHERE event_id = ?")) {
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
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(position), 0) FROM outbox");
                ResultSet rs = max.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
