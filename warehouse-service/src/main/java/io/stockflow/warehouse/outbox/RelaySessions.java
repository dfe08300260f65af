package io.stockflow.warehouse.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * The relay's dedicated sessions and its leadership: the election is a PostgreSQL advisory lock
 * held by the coordinator's session, released by PostgreSQL the moment that session ends.
 */
final class RelaySessions {

    private static final Logger LOG = Logger.getLogger(RelaySessions.class);

    private RelaySessions() {
    }

    /**
     * Stamps and watermark moves need not wait for the WAL flush: a crash can lose only those, never
     * outbox rows, and a lost stamp or watermark move means events delivered again: duplicates,
     * which consumers absorb. This saves an fsync per pass on the path from commit to Kafka. (A prune
     * that deleted rows up to a watermark flushes that watermark with its own commit.)
     */
    static void relaxDurability(Connection session) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("SET synchronous_commit TO off");
        }
    }

    static void listen(Connection session, String channel) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("LISTEN " + channel);
        }
    }

    /** Whether this session now holds the election lock (it keeps it until the session ends). */
    static boolean tryLock(Connection session, long lockKey) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, lockKey);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void closeQuietly(Connection session) {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("closing relay session: %s", e.getMessage());
            }
        }
    }
}
