package io.stockflow.warehouse.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Wakes the relay when a transaction that wrote outbox rows has committed. This replica's relay
 * is woken in-process; when another replica leads, one NOTIFY is sent outside any writing
 * transaction, coalescing the commits made meanwhile. (A NOTIFY inside the writing transactions
 * would serialise every commit on PostgreSQL's notify queue lock.)
 */
@ApplicationScoped
public class OutboxCommits {

    private static final Logger LOG = Logger.getLogger(OutboxCommits.class);

    private final BlockingQueue<Boolean> pending = new ArrayBlockingQueue<>(1);
    private final AtomicBoolean notifyQueued = new AtomicBoolean();
    private final DataSource dataSource;
    private final ExecutorService notifier;
    private volatile boolean localLeader;

    @Inject
    public OutboxCommits(DataSource dataSource) {
        this.dataSource = dataSource;
        this.notifier = dataSource == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "outbox-commit-notifier");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Called once a transaction that wrote outbox rows has committed; never for one rolled back. */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWriter.Written written) {
        pending.offer(Boolean.TRUE);
        if (!localLeader && notifier != null && notifyQueued.compareAndSet(false, true)) {
            notifier.execute(this::notifyLeader);
        }
    }

    /** True when a local commit arrived within the timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        return pending.poll(timeout.toNanos(), TimeUnit.NANOSECONDS) != null;
    }

    void leader(boolean leads) {
        localLeader = leads;
    }

    private void notifyLeader() {
        notifyQueued.set(false); // commits from now on queue another notification
        try (Connection c = dataSource.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, '')")) {
            notify.setString(1, OutboxPipelineRepository.COMMITTED_CHANNEL);
            notify.execute();
        } catch (SQLException e) {
            LOG.debugf("could not notify the active relay (it polls anyway): %s", e.getMessage());
        }
    }
}
