package io.stockflow.warehouse.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Pipeline health the relay's own meters lack: {@code outbox_oldest_unpublished_age_seconds}, the age
 * of the oldest event the broker has not acknowledged (0 when none waits), which grows at any write
 * rate while the relay stands still; and the seed's names for the relay's figures,
 * {@code inventory_events_published_total} and {@code inventory_events_queue_size}, read from its
 * meters (outbox_events_published_total, outbox_backlog) at scrape time.
 *
 * <p>The oldest unpublished row is looked up on the relay's metrics schedule (as the backlog is),
 * by two index probes, never on a write.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    // stamped rows above the watermark come first in publish order, then the unstamped ones
    private static final String OLDEST_UNPUBLISHED = """
            SELECT least(
                (SELECT created_at FROM outbox
                 WHERE position > (SELECT published_through FROM outbox_watermark) ORDER BY position LIMIT 1),
                (SELECT created_at FROM outbox WHERE position IS NULL ORDER BY sequence, id LIMIT 1))""";

    private final DataSource dataSource;
    /** Epoch millis of the oldest unpublished event's commit; 0 when none waits. */
    private final AtomicLong oldestMillis = new AtomicLong();

    OutboxMetrics(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("outbox.oldest.unpublished.age.seconds", oldestMillis,
                        m -> m.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - m.get()) / 1000.0)
                .description("Age of the oldest event the broker has not acknowledged; 0 when none waits")
                .register(registry);
        FunctionCounter.builder("inventory.events.published", registry, r -> relayCounter(r, "outbox.events.published"))
                .description("Events the broker acknowledged (outbox_events_published_total)")
                .register(registry);
        Gauge.builder("inventory.events.queue.size", registry, r -> relayGauge(r, "outbox.backlog"))
                .description("Events waiting in the outbox (outbox_backlog)")
                .register(registry);
    }

    @Scheduled(every = "${stockflow.relay.metrics-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(OLDEST_UNPUBLISHED)) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(1);
            oldestMillis.set(oldest == null ? 0 : oldest.getTime());
        } catch (SQLException e) {
            LOG.debugf("oldest unpublished event not read: %s", e.toString());
        }
    }

    private static double relayCounter(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double relayGauge(MeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
