package io.stockflow.warehouse.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The outbox as the event pipeline sees it: feed positions, publishing state, pruning. Rows are
 * written by the commands, in their own transactions; this class never inserts.
 */
@ApplicationScoped
public class OutboxPipelineRepository {

    /** Channel on which a replica that is not the leader wakes the active relay after its commits (OutboxCommits). */
    public static final String COMMITTED_CHANNEL = "outbox_committed";
    /** Channel on which the active relay announces new feed positions to every replica. */
    public static final String STAMPED_CHANNEL = "outbox_stamped";

    private static final String COLUMNS =
            "id, event_id, event_type, product_id, sequence, occurred_at, data, created_at, position";

    // nextval runs as the ordered subquery yields its rows, so positions follow (sequence, id)
    private static final String STAMP = """
            UPDATE outbox o SET position = s.position
            FROM (SELECT id, nextval('outbox_position_seq') AS position
                  FROM (SELECT id FROM outbox WHERE position IS NULL ORDER BY sequence, id LIMIT ?) ordered) s
            WHERE o.id = s.id""";

    private final DataSource dataSource;

    public OutboxPipelineRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Gives the visible unstamped rows their feed positions in (sequence, id) order and tells every
     * replica. Runs on the caller's connection, inside its transaction (the relay's leader session).
     */
    public int stampVisible(Connection connection, int limit) throws SQLException {
        int stamped;
        try (PreparedStatement update = connection.prepareStatement(STAMP)) {
            update.setInt(1, limit);
            stamped = update.executeUpdate();
        }
        if (stamped > 0) {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
                notify.setString(1, STAMPED_CHANNEL);
                notify.execute();
            }
        }
        return stamped;
    }

    /** Stamped rows not yet acknowledged by the broker, in position order. */
    public List<OutboxRow> unpublished(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM outbox WHERE published_at IS NULL AND position IS NOT NULL"
                + " ORDER BY position LIMIT ?", limit);
    }

    public void markPublished(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE outbox SET published_at = now() WHERE id = ANY (?) AND published_at IS NULL")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    /** The feed: stamped rows after {@code position}, in position order. */
    public List<OutboxRow> afterPosition(long position, int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM outbox WHERE position > ? ORDER BY position LIMIT ?",
                position, limit);
    }

    /** Deletes at most {@code limit} rows published longer than {@code retention} ago. */
    public int prunePublished(Duration retention, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM outbox WHERE id IN (
                            SELECT id FROM outbox
                            WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ?)
                            LIMIT ?)""")) {
            delete.setDouble(1, retention.toMillis() / 1000.0);
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    /** Rows not yet acknowledged by the broker, stamped or not. */
    public long backlog() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE published_at IS NULL");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<OutboxRow> query(String sql, long... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setLong(i + 1, parameters[i]);
            }
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(
                            rs.getLong("id"),
                            rs.getObject("event_id", UUID.class),
                            rs.getString("event_type"),
                            rs.getString("product_id"),
                            rs.getLong("sequence"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rs.getString("data"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getLong("position")));
                }
            }
            return rows;
        }
    }
}
