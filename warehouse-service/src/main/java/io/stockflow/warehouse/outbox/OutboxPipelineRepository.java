package io.stockflow.warehouse.outbox;

import io.stockflow.support.tracing.TraceContext;
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
 * The outbox as the event pipeline sees it: feed positions, the publish watermark, pruning. Rows
 * are written by the commands, in their own transactions; this class never inserts. A row is
 * published when its position is at or below {@code outbox_watermark.published_through}.
 */
@ApplicationScoped
public class OutboxPipelineRepository {

    /** Channel on which a replica that is not the leader wakes the active relay after its commits (OutboxCommits). */
    public static final String COMMITTED_CHANNEL = "outbox_committed";
    /** Channel on which the active relay announces new feed positions to every replica. */
    public static final String STAMPED_CHANNEL = "outbox_stamped";

    private static final String COLUMNS =
            "id, event_id, event_type, product_id, sequence, occurred_at, data, created_at, position,"
            + " traceparent, tracestate";

    // nextval runs as the ordered subquery yields its rows, so positions follow (sequence, id)
    private static final String STAMP = """
            UPDATE outbox o SET position = s.position
            FROM (SELECT id, nextval('outbox_position_seq') AS position
                  FROM (SELECT id FROM outbox WHERE position IS NULL ORDER BY sequence, id LIMIT ?) ordered) s
            WHERE o.id = s.id""";

    /** Unstamped rows are counted up to this many (well above the backlog alert's threshold). */
    private static final int BACKLOG_UNSTAMPED_CAP = 100_000;

    private static final String BACKLOG = """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE position IS NULL LIMIT ?) unstamped)
                 + greatest(coalesce((SELECT max(position) FROM outbox), 0) - w.published_through, 0)
            FROM outbox_watermark w""";

    // head: the next rows after the last prune, by position, not past the watermark (scalar
    // subqueries, so they bound the index scan); deleted: those before the first row still inside
    // the retention
    private static final String PRUNE = """
            WITH head AS (
                SELECT id, position, created_at < now() - make_interval(secs => ?) AS expired
                FROM outbox
                WHERE position > (SELECT pruned_through FROM outbox_watermark)
                  AND position <= (SELECT published_through FROM outbox_watermark)
                ORDER BY position LIMIT ?),
            deleted AS (
                DELETE FROM outbox o USING head h
                WHERE o.id = h.id AND h.expired
                  AND h.position < (SELECT coalesce(min(position), 9223372036854775807) FROM head WHERE NOT expired)
                RETURNING o.position),
            advanced AS (
                UPDATE outbox_watermark SET pruned_through = (SELECT max(position) FROM deleted)
                WHERE EXISTS (SELECT 1 FROM deleted))
            SELECT count(*) FROM deleted""";

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

    /**
     * Stamped rows above the publish watermark (not yet acknowledged by the broker), in position
     * order. On the caller's connection: the publisher's own session.
     */
    public List<OutboxRow> unpublished(Connection connection, int limit) throws SQLException {
        return query(connection, "SELECT " + COLUMNS + " FROM outbox"
                + " WHERE position > (SELECT published_through FROM outbox_watermark) ORDER BY position LIMIT ?", limit);
    }

    /**
     * Records that the broker acknowledged every row up to {@code position}. One row update per
     * published batch; never moves back, so a relay that lost the lead and finishes a late pass
     * cannot undo the new leader's progress. On the caller's connection (autocommit).
     */
    public void advanceWatermark(Connection connection, long position) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_watermark SET published_through = greatest(published_through, ?)")) {
            update.setLong(1, position);
            update.executeUpdate();
        }
    }

    /** The feed: stamped rows after {@code position}, in position order. */
    public List<OutboxRow> afterPosition(long position, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, "SELECT " + COLUMNS + " FROM outbox WHERE position > ? ORDER BY position LIMIT ?",
                    position, limit);
        }
    }

    /**
     * Deletes the oldest published rows, at most {@code limit}: in position order from where the
     * last prune stopped, up to the watermark and up to the first row younger than
     * {@code retention}. Pruning a prefix keeps the feed free of holes, and resuming where the
     * last prune stopped never walks the index entries of rows deleted before. Positions follow
     * commit order, created_at the transaction's start, so a long transaction's row waits until
     * the rows stamped before it are old enough. Returns the number of rows deleted.
     */
    public int prunePublished(Duration retention, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setDouble(1, retention.toMillis() / 1000.0);
            prune.setInt(2, limit);
            try (ResultSet rs = prune.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Rows not yet acknowledged by the broker: the unstamped ones (counted by index, up to
     * {@link #BACKLOG_UNSTAMPED_CAP}) plus the stamped ones above the watermark, reckoned from
     * positions. Index probes instead of a count over the table; positions have a gap only where a
     * stamp rolled back, which overstates the figure until the watermark passes it.
     */
    public long backlog() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(BACKLOG)) {
            count.setInt(1, BACKLOG_UNSTAMPED_CAP);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<OutboxRow> query(Connection connection, String sql, long... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
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
                            rs.getLong("position"),
                            TraceContext.of(rs.getString("traceparent"), rs.getString("tracestate"))));
                }
            }
            return rows;
        }
    }
}
