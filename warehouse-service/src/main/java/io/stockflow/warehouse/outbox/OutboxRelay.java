package io.stockflow.warehouse.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Moves committed outbox rows to Kafka, in order per level, at least once.
 *
 * <p>Election: one replica is active, the one whose dedicated session holds a PostgreSQL advisory
 * lock. When that session dies PostgreSQL releases the lock and a standby takes over within
 * {@code leader-retry}. The session is a plain connection, not a pooled one, so neither the lock nor
 * LISTEN ever outlives it in a pool.
 *
 * <p>Two threads: the coordinator holds the session; as leader it stamps feed positions on visible
 * unstamped rows in (sequence, id) order, then sleeps until a commit wakes it (in-process, or a
 * NOTIFY from another replica, see OutboxCommits) or the poll interval, so a lost wake-up costs at
 * most one interval; passes are at least {@code stamp-interval} apart, so that the commits of a busy
 * moment share one. The publisher, on a session of its own, sends the stamped rows above the
 * publish watermark in position order and, once the broker acknowledged them, advances the watermark over the batch's
 * acknowledged prefix: one row update per batch, not one per event. A row behind a failed send is
 * sent again on the next pass even if the broker took it (a duplicate), so the watermark never
 * passes an unacknowledged row. Stamping never waits for Kafka, so the events feed keeps working
 * through a broker outage.
 *
 * <p>Why position order never reorders a level: a command locks the level's row (see
 * StockLevelRepository) before it allocates its ledger sequence (nextval) and keeps the lock until it
 * commits, so of two transactions writing the same level the later one allocates its sequence only
 * after the earlier committed: for a level, sequence order is commit order. A stamp pass sees only
 * committed rows and numbers them by sequence, so a level's rows get positions in sequence order,
 * either in one pass or in later passes for later commits. Writers of different levels of a product
 * do not wait for each other, so a product's events follow commit order, and its sequences may
 * interleave (each event carries its levels' versions, by which consumers apply). A transaction that
 * holds a lower sequence and commits late is simply still unstamped, and the next pass stamps it: tracking
 * "unstamped" instead of a high-water mark over ids or sequences is what avoids the skip that a
 * plain {@code id > last} poll suffers. The scan of unstamped rows starts past a {@link StampFloor}, a
 * sequence no late commit can fall below (proved by transaction ids, not assumed), so that it does not
 * walk the dead index entries of every row stamped since the last VACUUM. The publish watermark is a
 * high-water mark over positions, which is safe because positions become visible in increasing order.
 * If an old leader still finishes a pass after a takeover, both send the same position-ordered rows: a
 * duplicate, never an event ahead of an earlier one's first delivery (and the watermark only ever moves
 * forward).
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** How often a waiting relay looks for NOTIFYs already received on its session. */
    private static final Duration NOTIFICATION_CHECK = Duration.ofMillis(20);

    /** Opens the relay's dedicated database session. */
    @FunctionalInterface
    public interface SessionFactory {
        Connection open() throws SQLException;
    }

    private final RelayConfig config;
    private final SessionFactory sessions;
    private final OutboxPipelineRepository outbox;
    private final EventTransport.Factory transports;
    private final RelayMetrics metrics;
    private final OutboxSignal stamped;
    private final OutboxCommits commits;
    private final String name;

    private volatile boolean running;
    private volatile boolean leader;
    private Thread coordinator;
    private Thread publisher;

    public OutboxRelay(RelayConfig config, SessionFactory sessions, OutboxPipelineRepository outbox,
            EventTransport.Factory transports, RelayMetrics metrics, OutboxSignal stamped, OutboxCommits commits,
            String name) {
        this.config = config;
        this.sessions = sessions;
        this.outbox = outbox;
        this.transports = transports;
        this.metrics = metrics;
        this.stamped = stamped;
        this.commits = commits;
        this.name = name;
    }

    /**
     * Starts the threads. With {@code enabled=false} this replica never runs for leader but still
     * listens for stamps, so its events feed wakes as promptly as the leader's.
     */
    public synchronized void start() {
        running = true;
        coordinator = new Thread(this::coordinate, name + "-coordinator");
        coordinator.setDaemon(true);
        coordinator.start();
        if (config.enabled()) {
            publisher = new Thread(this::publish, name + "-publisher");
            publisher.setDaemon(true);
            publisher.start();
        }
    }

    /** Whether this relay currently holds the election lock. */
    public boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        running = false;
        try {
            if (publisher != null) {
                publisher.interrupt();
                publisher.join(config.kafka().deliveryTimeout().toMillis());
            }
            if (coordinator != null) {
                coordinator.join(config.pollInterval().plus(config.leaderRetry()).toMillis() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void coordinate() {
        Connection session = null;
        StampFloor floor = null;
        long nextElection = System.nanoTime();
        long lastStamp = System.nanoTime() - config.stampInterval().toNanos();
        while (running) {
            try {
                if (session == null) {
                    session = sessions.open();
                    RelaySessions.relaxDurability(session);
                    RelaySessions.listen(session, OutboxPipelineRepository.STAMPED_CHANNEL);
                }
                if (config.enabled() && !leader && System.nanoTime() - nextElection >= 0) {
                    nextElection = System.nanoTime() + config.leaderRetry().toNanos();
                    if (RelaySessions.tryLock(session, config.leaderLockKey())) {
                        RelaySessions.listen(session, OutboxPipelineRepository.COMMITTED_CHANNEL);
                        leader = true;
                        floor = new StampFloor(System.nanoTime()); // from the left: what the last leader knew is gone
                        commits.leader(true);
                        LOG.infof("%s is now the active outbox relay", name);
                    }
                }
                if (leader) {
                    pace(lastStamp);
                    lastStamp = System.nanoTime();
                    int count = stamp(session, floor);
                    if (count == config.batchSize()) {
                        continue; // more visible rows wait
                    }
                }
                awaitWork(session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("%s lost its database session (%s); re-electing", name, e.getMessage());
                }
                leader = false;
                commits.leader(false);
                RelaySessions.closeQuietly(session);
                session = null;
                sleep(config.pollInterval());
            }
        }
        leader = false;
        commits.leader(false);
        RelaySessions.closeQuietly(session); // releases the lock at once, so a standby takes over
    }

    /**
     * Waits until {@code stampInterval} has passed since the last stamp pass began (see
     * {@link RelayConfig#stampInterval}), so that the commits of that time share one pass.
     */
    private void pace(long lastStamp) throws InterruptedException {
        long wait = lastStamp + config.stampInterval().toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private int stamp(Connection session, StampFloor floor) throws SQLException {
        StampPass pass = pass(session, outbox, floor, config.batchSize(), System.nanoTime());
        if (pass.belowFloor()) {
            LOG.warnf("%s stamped outbox rows at ledger sequence %d, below its stamp floor: a writer took ledger"
                    + " sequences before it had a transaction id (StampFloor); they were published late", name,
                    pass.lowestSequence());
        }
        if (pass.count() > 0) {
            stamped.signal();
        }
        return pass.count();
    }

    /** A stamp pass: rows stamped, the lowest sequence among them, whether it lay at or below the floor. */
    record StampPass(int count, long lowestSequence, boolean belowFloor) {
    }

    /**
     * One stamp pass on the leader's session: a mark first when the floor wants one (in autocommit), then
     * the stamp past the floor in a transaction of its own, then the floor told what the pass saw.
     */
    static StampPass pass(Connection session, OutboxPipelineRepository outbox, StampFloor floor, int limit, long now)
            throws SQLException {
        if (floor.wantsMark(now)) {
            floor.marked(outbox.mark(session), now);
        }
        long from = floor.scanFrom(now);
        session.setAutoCommit(false);
        OutboxPipelineRepository.Stamped stamped;
        try {
            stamped = outbox.stampVisible(session, from, limit);
            session.commit();
        } catch (SQLException e) {
            session.rollback();
            throw e;
        } finally {
            session.setAutoCommit(true);
        }
        boolean belowFloor = floor.passed(from, stamped.count(), limit, stamped.lowestSequence(), stamped.xmin(), now);
        return new StampPass(stamped.count(), stamped.lowestSequence(), belowFloor);
    }

    /**
     * Waits for work: a local commit (in-process), a NOTIFY of another replica's commit (for the
     * leader) or of another relay's stamps (for the others), or the poll interval, whichever first.
     */
    private void awaitWork(Connection session) throws SQLException, InterruptedException {
        Duration wait = leader ? config.pollInterval() : min(config.pollInterval(), config.leaderRetry());
        long deadline = System.nanoTime() + wait.toNanos();
        PGConnection notifications = session.unwrap(PGConnection.class);
        while (running) {
            boolean localCommit = commits.await(NOTIFICATION_CHECK);
            boolean remoteCommit = false;
            PGNotification[] received = notifications.getNotifications(); // no round trip, never blocks
            for (PGNotification notification : received == null ? new PGNotification[0] : received) {
                if (OutboxPipelineRepository.STAMPED_CHANNEL.equals(notification.getName()) && !leader) {
                    stamped.signal(); // the active relay, elsewhere, stamped: wake this replica's feed
                }
                remoteCommit |= OutboxPipelineRepository.COMMITTED_CHANNEL.equals(notification.getName());
            }
            if ((leader && (localCommit || remoteCommit)) || System.nanoTime() - deadline >= 0) {
                return;
            }
        }
    }

    private void publish() {
        EventTransport kafka = null;
        boolean topicReady = false;
        Connection session = null;
        while (running) {
            try {
                OutboxSignal.Wake wake = stamped.next();
                if (!leader) {
                    wake.await(config.leaderRetry());
                    continue;
                }
                if (kafka == null) {
                    kafka = transports.open(name);
                }
                if (!topicReady) {
                    topicReady = kafka.ensureTopic();
                    if (!topicReady) {
                        sleep(config.pollInterval());
                        continue;
                    }
                }
                if (session == null) {
                    session = sessions.open();
                    RelaySessions.relaxDurability(session);
                }
                List<OutboxRow> rows = outbox.unpublished(session, config.batchSize());
                if (rows.isEmpty()) {
                    wake.await(config.pollInterval());
                    continue;
                }
                EventTransport.Outcome outcome = kafka.publish(rows);
                OptionalLong published = outcome.acknowledgedThrough();
                if (published.isPresent()) {
                    outbox.advanceWatermark(session, published.getAsLong());
                }
                metrics.acknowledged(outcome.acknowledged(), Instant.now());
                if (outcome.failed() > 0) {
                    metrics.failed(outcome.failed());
                    // a fresh producer: never carry a producer left in an error state into the retry;
                    // it waits for the partitions' leaders again (see ensureTopic)
                    kafka.close();
                    kafka = null;
                    topicReady = false;
                    sleep(config.pollInterval());
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf(e, "%s publishing pass failed; retrying", name);
                if (e instanceof SQLException) {
                    RelaySessions.closeQuietly(session);
                    session = null;
                }
                sleep(config.pollInterval());
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        RelaySessions.closeQuietly(session);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
