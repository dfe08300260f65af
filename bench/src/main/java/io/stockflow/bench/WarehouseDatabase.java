package io.stockflow.bench;

import io.stockflow.bench.report.Results;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The warehouse's PostgreSQL as the harness sees it: connections, what the report says of it, and the
 * vacuuming it stands in for when autovacuum is off.
 */
final class WarehouseDatabase {

    private final BenchConfig config;
    private final Results results;
    /** Read by {@link #describe()}; the harness then vacuums itself. */
    private boolean autovacuumOff;
    /** Whether a phase wrote since the last vacuum (each leaves ~100,000 dead level versions). */
    private boolean written;

    WarehouseDatabase(BenchConfig config, Results results) {
        this.config = config;
        this.results = results;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(config.warehouseDbUrl(), config.dbUser(), config.dbPassword());
    }

    Connection connectOrFail() {
        try {
            return connect();
        } catch (SQLException e) {
            throw new IllegalStateException("the warehouse database does not answer: " + e.getMessage(), e);
        }
    }

    /** The report's PostgreSQL line: its version and housekeeping. */
    String describe() {
        try (Connection c = connect();
                ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1) + housekeeping(c);
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Whether PostgreSQL cleans up dead row versions by itself: without autovacuum every update of
     * the run leaves garbage behind that later scans step over, so the report says so.
     */
    private String housekeeping(Connection c) {
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT current_setting('autovacuum'), current_setting('synchronous_commit'),
                       current_setting('shared_buffers'),
                       (SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables),
                       (SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables)""")) {
            rs.next();
            autovacuumOff = "off".equals(rs.getString(1));
            return String.format("; autovacuum %s, synchronous_commit %s, shared_buffers %s; at start the warehouse"
                    + " database held %,d live and %,d dead row versions", rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getLong(5), rs.getLong(4));
        } catch (Exception e) {
            return "";
        }
    }

    /** A phase that wrote has run. */
    void written(boolean wrote) {
        written |= wrote;
    }

    /** Bulk reads and the warm-up read every level: they should not step over the garbage of the writes before. */
    void vacuumIfWritten(String when) {
        if (written) {
            vacuum(when);
            written = false;
        }
    }

    /**
     * With autovacuum off (this machine's PostgreSQL runs so for CI), nothing ever removes the dead row
     * versions that loading the demo data and earlier runs left behind, nor refreshes the planner's
     * statistics; a production database vacuums continuously. The harness does what autovacuum would
     * have done, before the first phase and after each writing one, so a run measures the services
     * rather than the garbage of the one before or of its own writes.
     */
    void vacuum(String when) {
        if (!autovacuumOff) {
            return;
        }
        try (Connection c = connect()) {
            long started = System.nanoTime();
            c.createStatement().execute("VACUUM (ANALYZE)");
            String done = String.format("%s (%.1f s)", when, (System.nanoTime() - started) / 1e9);
            results.vacuumed = results.vacuumed == null ? "autovacuum is off on this PostgreSQL, so the harness ran "
                    + "`VACUUM (ANALYZE)` on the warehouse database " + done : results.vacuumed + ", " + done;
            Bench.say("VACUUM (ANALYZE) of the warehouse database " + done);
        } catch (Exception e) {
            Bench.say("could not vacuum the warehouse database: " + e.getMessage());
        }
    }
}
