package io.stockflow.support.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Tells a database that is down or restarting (no connection, the connection lost, the server
 * shutting down, out of connections) from a fault of ours, so the answer is a 503 to retry, logged
 * as one warning per outage rather than a stack trace per request. A command whose connection broke
 * may have committed before the answer was lost (an in-doubt commit), so the problem tells a client to
 * retry with the same Idempotency-Key, which applies it at most once.
 */
public final class DatabaseUnavailable {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailable.class);
    /** SQLSTATEs of PostgreSQL (and the JDBC standard) that mean the server, not the request, failed. */
    private static final Set<String> STATES = Set.of(
            "57P01", // admin_shutdown: a fast or smart shutdown terminated the session
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or in recovery
            "53300", // too_many_connections
            "53400"); // configuration_limit_exceeded
    /** Agroal's answer when no connection could be had in time: the database is unreachable or saturated. */
    private static final String ACQUISITION_TIMEOUT = "Acquisition timeout";
    static final int RETRY_AFTER_SECONDS = 2;
    private static final long QUIET_NANOS = 30_000_000_000L;
    private static final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    private DatabaseUnavailable() {
    }

    /**
     * True when {@code failure}, one of its causes or what they suppressed says the database is
     * unavailable (a commit that lost its connection surfaces as a JTA RollbackException whose
     * driver error is suppressed, not its cause).
     */
    public static boolean is(Throwable failure) {
        return is(failure, 0);
    }

    private static boolean is(Throwable failure, int depth) {
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (says(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (is(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean says(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state != null && (state.startsWith("08") || STATES.contains(state))
                    || sql.getMessage() != null && sql.getMessage().startsWith(ACQUISITION_TIMEOUT);
        }
        return false;
    }

    /** The 503 for a request that met an unavailable database; {@code command}: the request may have changed state. */
    public static ProblemException problem(Throwable failure, boolean command) {
        warnOncePerOutage(failure);
        String detail = "the database is unavailable or restarting; retry in " + RETRY_AFTER_SECONDS + " s"
                + (command ? ". The change may or may not have been made before the connection was lost: retry with"
                        + " the same Idempotency-Key, which applies it at most once" : "");
        return ProblemException.unavailable(detail, RETRY_AFTER_SECONDS);
    }

    private static void warnOncePerOutage(Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= QUIET_NANOS && lastWarned.compareAndSet(last, now)) {
            LOG.warnf("the database is unavailable, answering 503 until it is back (warned at most every 30 s): %s",
                    rootMessage(failure));
        } else {
            LOG.debugf("the database is unavailable: %s", failure.toString());
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
