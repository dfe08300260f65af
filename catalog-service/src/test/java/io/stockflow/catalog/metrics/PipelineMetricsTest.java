package io.stockflow.catalog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    @Test
    void lagRunsFromTheEventsTimeToItsApply() {
        metrics.applied(3, System.currentTimeMillis() - 2_000);

        Timer lag = registry.get("catalog.stock.event.lag").timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isBetween(2_000.0, 60_000.0);
    }

    @Test
    void aPartitionsAgeIsThatOfTheNewestEventAppliedFromIt() {
        long now = System.currentTimeMillis();
        metrics.applied(5, now - 5_000);
        metrics.applied(5, now - 1_000);
        metrics.applied(5, now - 9_000); // redelivered, older: the age stays

        assertThat(age(5)).isBetween(1.0, 4.0);
    }

    @Test
    void anEventThatCarriedNoTimeRecordsNoLag() {
        metrics.applied(1, 0);

        assertThat(registry.get("catalog.stock.event.lag").timer().count()).isZero();
        assertThat(registry.find("catalog.partition.last_applied.age.seconds").tag("partition", "1").gauge()).isNull();
    }

    @Test
    void aBatchRecordsItsSizeAndItsTimes() {
        long started = System.nanoTime();
        metrics.processed(7, started, started + TimeUnit.MILLISECONDS.toNanos(3));

        assertThat(registry.get("catalog.worker.batch.size").summary().totalAmount()).isEqualTo(7);
        assertThat(registry.get("catalog.stock.event.processing.duration").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3.0);
        assertThat(registry.get("catalog.worker.processing.duration").timer().count()).isEqualTo(1);
    }

    private double age(int partition) {
        return registry.get("catalog.partition.last_applied.age.seconds").tag("partition", Integer.toString(partition))
                .gauge().value();
    }
}
