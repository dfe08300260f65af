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

    // nextval runs as the ordered subquery yields its rows, so positions follow (sequence, id); the scan
    // starts past the stamp floor (StampFloor), and the snapshot's xmin is the UPDATE's own snapshot's
    static final String STAMP = """
            WITH stamped AS (
                UPDATE outbox o SET position = s.position
                FROM (SELECT id, nextval('outbox_position_seq') AS position
                      FROM (SELECT id FROM outbox WHERE position IS NULL AND sequence > ? ORDER BY sequence, id LIMIT ?)
                      ordered) s
                WHERE o.id = s.id
                RETURNING o.sequence)
            SELECT count(*), coalesce(min(sequence), 0), pg_snapshot_xmin(pg_current_snapshot())::text::bigint
            FROM stamped""";

    // the sequence's value is read by the scan before the projection takes a transaction id (see StampFloor);
    // a value not yet handed out (is_called false) is not counted
    static final String MARK = """
            SELECT CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END,
                   pg_current_xact_id()::text::bigint
            FROM stock_movement_sequence_seq s""";

    /** Unstamped rows are counted up to this many (five times the backlog alert's threshold). */
    static final int BACKLOG_UNSTAMPED_CAP = 50_000;

    // the unstamped rows in the order of their partial index, and capped: otherwise statistics taken
    // while most rows waited for their stamp make a sequential scan of the whole outbox look cheaper
    static final String BACKLOG = """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE position IS NULL ORDER BY sequence, id LIMIT ?)
                    unstamped)
                 + greatest(coalesce((SELECT max(position) FROM outbox), 0) - w.published_through, 0)
            FROM outbox_watermark w""";

    // range: the next positions after the last prune, at most a chunk of them and not past the watermark;
    // cut: the end of its prefix past the retention (up to the first younger row). Scalar subqueries, so
    // every scan is bounded by the chunk's positions, whatever the statistics say of the table.
    static final String PRUNE = """
            WITH range AS (
                SELECT pruned_through AS after, least(published_through, pruned_through + ?) AS through,
                       published_through
                FROM outbox_watermark),
            cut AS (
                SELECT coalesce(
                    (SELECT min(position) - 1 FROM outbox
                     WHERE position > (SELECT after FROM range) AND position <= (SELECT through FROM range)
                       AND created_at >= now() - make_interval(secs => ?)),
                    (SELECT through FROM range)) AS through),
            deleted AS (
                DELETE FROM outbox
                WHERE position > (SELECT after FROM range) AND position <= (SELECT through FROM cut)
                RETURNING 1),
            advanced AS (
                UPDATE outbox_watermark SET pruned_through = (SELECT through FROM cut)
                WHERE pruned_through < (SELECT through FROM cut))
            SELECT (SELECT count(*) FROM deleted),
                   c.through = r.through AND r.through < r.published_through
            FROM range r, cut c""";

    private final DataSource dataSource;

    public OutboxPipelineRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stamp pass: rows stamped, the lowest sequence among them (0 for none), its snapshot's xmin. */
    public record Stamped(int count, long lowestSequence, long xmin) {
    }

    /**
     * Gives the visible unstamped rows past ledger sequence {@code after} (see {@link StampFloor}) their
     * feed positions in (sequence, id) order and tells every replica. Runs on the caller's connection,
     * inside its transaction (the relay's leader session).
     */
    public Stamped stampVisible(Connection connection, long after, int limit) throws SQLException {
        Stamped stamped;
        try (PreparedStatement update = connection.prepareStatement(STAMP)) {
            update.setLong(1, after);
            update.setInt(2, limit);
            try (ResultSet rs = update.executeQuery()) {
                rs.next();
                stamped = new Stamped(rs.getInt(1), rs.getLong(2), rs.getLong(3));
            }
        }
        if (stamped.count() > 0) {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
                notify.setString(1, STAMPED_CHANNEL);
                notify.execute();
            }
        }
        return stamped;
    }

    /**
     * A {@link StampFloor.Mark}: the ledger sequence's value, then a transaction id taken after it.
     * On the caller's connection, in autocommit, so that the id's transaction has ended by the next pass.
     */
    public StampFloor.Mark mark(Connection connection) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(MARK); ResultSet rs = mark.executeQuery()) {
            rs.next();
            return new StampFloor.Mark(rs.getLong(1), rs.getLong(2));
        }
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
     * Deletes the next chunk of the oldest published rows: the positions from where the last prune
     * stopped, at most {@code chunk} of them, up to the watermark and up to the first row younger than
     * {@code retention}. Pruning a prefix keeps the feed free of holes; bounding the positions keeps each
     * statement's work to its chunk, and steps over the gaps a rolled-back stamp leaves. Positions
     * follow commit order, created_at the transaction's start, so a long transaction's row waits until
     * the rows stamped before it are old enough.
     */
    public Pruned prunePublished(Duration retention, int chunk) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setInt(1, chunk);
            prune.setDouble(2, retention.toMillis() / 1000.0);
            try (ResultSet rs = prune.executeQuery()) {
                rs.next();
                return new Pruned(rs.getInt(1), rs.getBoolean(2));
            }
        }
    }

    /**
     * One prune statement's outcome: the rows it deleted, and whether published rows past the
     * retention may follow its chunk.
     */
    public record Pruned(int deleted, boolean more) {
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
