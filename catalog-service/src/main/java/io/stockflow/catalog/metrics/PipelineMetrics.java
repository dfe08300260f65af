package io.stockflow.catalog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stockflow.catalog.messaging.ConsumerObserver;
import io.stockflow.catalog.messaging.KeyedWorkers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's event-processing metrics for the catalog's Kafka pipeline: events received, the worker
 * pool's queues (size and capacity per worker, a bounded label), batch size and time, the time to
 * decode and apply a batch, and pipeline health: end-to-end lag from the event's {@code time} to its
 * apply, and per partition the age of the last applied event. All in memory, none a Redis call.
 */
@ApplicationScoped
public class PipelineMetrics implements ConsumerObserver {

    private final MeterRegistry registry;
    private final Counter received;
    private final DistributionSummary batchSize;
    private final Timer workerProcessing;
    private final Timer processing;
    private final Timer lag;
    private final Map<Integer, AtomicLong> lastAppliedEventMillis = new ConcurrentHashMap<>();
    private final List<Meter> workerGauges = new CopyOnWriteArrayList<>();

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("catalog.stock.events.received")
                .description("Stock event records fetched from Kafka").register(registry);
        this.batchSize = DistributionSummary.builder("catalog.worker.batch.size")
                .description("Records per worker batch").register(registry);
        this.workerProcessing = timer("catalog.worker.processing.duration",
                "A worker batch: decode, apply in Redis, dead-letter what cannot be applied");
        this.processing = timer("catalog.stock.event.processing.duration", "Decoding and applying a batch of stock events");
        this.lag = Timer.builder("catalog.stock.event.lag")
                .description("From a stock event's time (the warehouse's change) to the catalog applying it")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(5))
                .register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(registry);
    }

    @Override
    public void started(KeyedWorkers<?> workers) {
        for (int i = 0; i < workers.workerCount(); i++) {
            int worker = i;
            String tag = Integer.toString(i);
            workerGauges.add(Gauge.builder("catalog.worker.queue.size", workers, w -> w.queued(worker))
                    .description("Records waiting in a worker's queue").tag("worker", tag).register(registry));
            workerGauges.add(Gauge.builder("catalog.worker.queue.capacity", workers, w -> w.capacity(worker))
                    .description("Records a worker's queue holds at most").tag("worker", tag).register(registry));
        }
    }

    @Override
    public void received(int records) {
        received.increment(records);
    }

    @Override
    public void stopped() {
        workerGauges.forEach(registry::remove);
        workerGauges.clear();
    }

    /**
     * A worker batch of {@code records} is done: {@code started} when it began, {@code applied} once Redis
     * had it (both {@link System#nanoTime()}); the rest of the time went to dead-lettering.
     */
    public void processed(int records, long started, long applied) {
        long now = System.nanoTime();
        batchSize.record(records);
        processing.record(applied - started, TimeUnit.NANOSECONDS);
        workerProcessing.record(now - started, TimeUnit.NANOSECONDS);
    }

    /** An event from {@code partition} is applied; {@code eventMillis} is its time (0: it carried none). */
    public void applied(int partition, long eventMillis) {
        if (eventMillis > 0) {
            lag.record(Math.max(0, System.currentTimeMillis() - eventMillis), TimeUnit.MILLISECONDS);
            lastApplied(partition).accumulateAndGet(eventMillis, Math::max);
        }
    }

    private AtomicLong lastApplied(int partition) {
        AtomicLong last = lastAppliedEventMillis.get(partition);
        if (last != null) {
            return last;
        }
        return lastAppliedEventMillis.computeIfAbsent(partition, p -> {
            AtomicLong millis = new AtomicLong();
            Gauge.builder("catalog.partition.last_applied.age.seconds", millis,
                            m -> Math.max(0, System.currentTimeMillis() - m.get()) / 1000.0)
                    .description("Age of the newest event applied from a partition (grows while the partition is quiet)")
                    .tag("partition", Integer.toString(p)).register(registry);
            return millis;
        });
    }
}
