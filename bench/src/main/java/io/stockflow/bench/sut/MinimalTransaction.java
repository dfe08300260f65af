package io.stockflow.bench.sut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The floor of any write path for one adjustment: UPDATE the level, INSERT its ledger entry, INSERT the
 * outbox row, COMMIT, as plain statements, with nothing else (no lock statement, no relay: issue 21's
 * "minimal transaction", which PostgreSQL's CPU per adjustment through the service is held against).
 * {@link #REAL} writes the warehouse's own tables (WritePathCostTest, on a database no relay serves);
 * {@link #copies} writes copies of them with the same columns and indexes, so the cost phase can run it
 * beside the running services without the relay publishing its rows or the catalog seeing its levels.
 */
public final class MinimalTransaction {

    public static final MinimalTransaction REAL = new MinimalTransaction("stock_level", "stock_movement", "outbox");

    private static final String PREFIX = "bench_minimal_";

    private final String level;
    private final String ledger;
    private final String outbox;
    private final String update;
    private final String insertMovement;
    private final String insertEvent;

    private MinimalTransaction(String level, String ledger, String outbox) {
        this.level = level;
        this.ledger = ledger;
        this.outbox = outbox;
        this.update = "UPDATE " + level + " SET on_hand = on_hand + 1, version = version + 1, "
                + "updated_at = ?::timestamptz, change_xid = pg_current_xact_id() WHERE product_id = ? AND warehouse_id = ? "
                + "RETURNING on_hand, reserved, version";
        this.insertMovement = "INSERT INTO " + ledger + " (type, product_id, warehouse_id, delta_on_hand, delta_reserved, "
                + "on_hand_after, reserved_after, version_after, reason, reference, actor, occurred_at) "
                + "VALUES ('adjusted', ?, ?, 1, 0, ?, ?, ?, 'received', 'bench-ceiling', 'api-key-1', ?::timestamptz) "
                + "RETURNING sequence";
        this.insertEvent = "INSERT INTO " + outbox + " (event_id, event_type, product_id, sequence, occurred_at, data) "
                + "VALUES (?::uuid, 'stock.adjusted', ?, ?, ?::timestamptz, ?)";
    }

    /**
     * Copies of the three tables (columns, defaults, indexes; no rows in the ledger's and the outbox's,
     * every level in the levels'), made anew; {@link #drop} removes them.
     */
    public static MinimalTransaction copies(Connection c) throws SQLException {
        MinimalTransaction copies = new MinimalTransaction(PREFIX + "level", PREFIX + "movement", PREFIX + "outbox");
        copies.drop(c);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + copies.level + " (LIKE stock_level INCLUDING ALL)");
            s.execute("CREATE TABLE " + copies.ledger + " (LIKE stock_movement INCLUDING ALL)");
            s.execute("CREATE TABLE " + copies.outbox + " (LIKE outbox INCLUDING ALL)");
            sameStorage(s, "stock_level", copies.level);
            sameStorage(s, "stock_movement", copies.ledger);
            sameStorage(s, "outbox", copies.outbox);
            s.execute("INSERT INTO " + copies.level + " SELECT * FROM stock_level");
            s.execute("ANALYZE " + copies.level);
        }
        commitUnlessAuto(c);
        return copies;
    }

    /** The table's storage parameters (stock_level's fillfactor) on its copy: LIKE does not take them. */
    private static void sameStorage(Statement s, String table, String copy) throws SQLException {
        String options;
        try (ResultSet rs = s.executeQuery("SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = '"
                + table + "'::regclass")) {
            rs.next();
            options = rs.getString(1);
        }
        if (options != null && !options.isBlank()) {
            s.execute("ALTER TABLE " + copy + " SET (" + options + ")");
        }
    }

    /** Drops the copies (never the warehouse's own tables). */
    public void drop(Connection c) throws SQLException {
        if (this == REAL) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + level + ", " + ledger + ", " + outbox);
        }
        commitUnlessAuto(c);
    }

    /** One adjustment of +1 of {@code key}'s level, committed (the connection is not in autocommit). */
    public void run(Connection c, DemoLevels.Key key) throws SQLException {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long onHand;
        long reserved;
        long version;
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setString(1, at.toString());
            ps.setString(2, key.productId());
            ps.setString(3, key.warehouseId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no level " + key + " in " + level + ": load the demo data first");
                }
                onHand = rs.getLong(1);
                reserved = rs.getLong(2);
                version = rs.getLong(3);
            }
        }
        long sequence;
        try (PreparedStatement ps = c.prepareStatement(insertMovement)) {
            ps.setString(1, key.productId());
            ps.setString(2, key.warehouseId());
            ps.setLong(3, onHand);
            ps.setLong(4, reserved);
            ps.setLong(5, version);
            ps.setString(6, at.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                sequence = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insertEvent)) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, key.productId());
            ps.setLong(3, sequence);
            ps.setString(4, at.toString());
            ps.setString(5, JdbcAdjustCeiling.eventJson(key, onHand, reserved, version, 10, at));
            ps.executeUpdate();
        }
        c.commit();
    }

    private static void commitUnlessAuto(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
