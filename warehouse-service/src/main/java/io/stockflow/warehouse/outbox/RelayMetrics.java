package io.stockflow.warehouse.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The relay's Micrometer meters (Prometheus: outbox_backlog, outbox_events_published_total, ...). */
public final class RelayMetrics {

    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Timer commitToAck;

    public RelayMetrics(MeterRegistry registry) {
        Gauge.builder("outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by the broker")
                .register(registry);
        published = Counter.builder("outbox.events.published")
                .description("Events acknowledged by the broker")
                .register(registry);
        failures = Counter.builder("outbox.publish.failures")
                .description("Event sends that failed and will be retried")
                .register(registry);
        // created_at is the writing transaction's start, so this slightly overstates the lag
        commitToAck = Timer.builder("outbox.commit.to.ack.lag")
                .description("From the writing transaction to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void acknowledged(List<OutboxRow> rows, Instant ackedAt) {
        published.increment(rows.size());
        for (OutboxRow row : rows) {
            commitToAck.record(Duration.between(row.createdAt(), ackedAt));
        }
    }

    void failed(int count) {
        failures.increment(count);
    }

    public void backlog(long rows) {
        backlog.set(rows);
    }
}
