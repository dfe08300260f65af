package io.stockflow.warehouse.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs this replica's outbox relay for the application's lifetime, and the outbox housekeeping. */
@ApplicationScoped
public class OutboxRelayRunner {

    private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);

    private final RelayConfig config;
    private final OutboxPipelineRepository outbox;
    private final OutboxSignal stamped;
    private final OutboxCommits commits;
    private final EventTransport.Factory transports;
    private final RelayMetrics metrics;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private OutboxRelay relay;

    public OutboxRelayRunner(RelayConfig config, OutboxPipelineRepository outbox, OutboxSignal stamped,
            OutboxCommits commits, EventTransport.Factory transports, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.outbox = outbox;
        this.stamped = stamped;
        this.commits = commits;
        this.transports = transports;
        this.metrics = new RelayMetrics(registry);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password.orElse("");
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("outbox relay disabled on this replica: it only follows the active relay's stamps");
        }
        relay = new OutboxRelay(config, this::openSession, outbox, transports, metrics, stamped, commits,
                "outbox-relay-" + ManagementFactory.getRuntimeMXBean().getName());
        relay.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.close();
        }
    }

    /** The relay's own session: outside the pool, so its advisory lock and LISTEN die with it. */
    java.sql.Connection openSession() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "warehouse-outbox-relay");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /**
     * Deletes published rows past the retention, a chunk per statement with a pause between chunks, so
     * that a minute's rows do not go in one burst beside the writes; only the active relay does it.
     */
    @Scheduled(every = "${stockflow.relay.prune-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() throws SQLException {
        pruneWhileLeading(() -> relay != null && relay.isLeader(),
                () -> outbox.prunePublished(config.retention(), config.pruneChunk()),
                () -> pause(config.prunePause()));
    }

    /** One prune statement. */
    @FunctionalInterface
    interface PruneStatement {
        OutboxPipelineRepository.Pruned run() throws SQLException;
    }

    /**
     * Prune statements while more may follow, each only while this replica leads, with a pause between
     * them; an interrupted pause ends the run. Returns the statements run.
     */
    static int pruneWhileLeading(BooleanSupplier leading, PruneStatement statement, BooleanSupplier pause)
            throws SQLException {
        int statements = 0;
        OutboxPipelineRepository.Pruned pruned;
        do {
            if (!leading.getAsBoolean()) {
                return statements;
            }
            pruned = statement.run();
            statements++;
            if (pruned.more() && !pause.getAsBoolean()) {
                return statements;
            }
        } while (pruned.more());
        return statements;
    }

    /** Sleeps; false if interrupted (the flag set again). */
    static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Scheduled(every = "${stockflow.relay.metrics-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshBacklog() throws SQLException {
        metrics.backlog(outbox.backlog());
    }
}
