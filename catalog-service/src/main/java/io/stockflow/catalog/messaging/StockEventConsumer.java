package io.stockflow.catalog.messaging;

import io.stockflow.support.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Kafka transport: one thread owns the KafkaConsumer (it is not thread-safe) and feeds
 * {@link KeyedWorkers} keyed by the record key (the productId), so a product's events stay in order.
 *
 * <p>Why a poll loop of our own rather than a reactive-messaging channel: the guarantees hinge on three
 * things we want explicit and testable in one place. (1) At-least-once: a partition's offset is
 * committed only up to its lowest record not yet applied ({@link PartitionOffsets}), although workers
 * finish out of order. (2) Backpressure without dropping or stalling the group: when a worker queue is
 * full the loop pauses the partitions and keeps polling (so the consumer stays in the group) until the
 * queues have room. (3) Graceful shutdown and rebalance: stop fetching, let the workers finish what
 * they hold, commit, and only then let the partitions go. Values are read raw (byte[]) so a record
 * that is not a valid CloudEvent reaches the processor, which dead-letters it, instead of failing poll().
 */
public final class StockEventConsumer {

    private static final Logger LOG = Logger.getLogger(StockEventConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(20);
    /**
     * Each commit is a write to the broker's __consumer_offsets log; committing after every poll cost the
     * broker and this process a quarter of a core at a few hundred events/s. What a crash leaves
     * uncommitted is redelivered and absorbed by the dedup keys, so a few hundred milliseconds is cheap.
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();

    /** Settings of one consumer instance. */
    public record Settings(String bootstrapServers, String topic, String groupId, String autoOffsetReset,
            int maxPollRecords, int workerCount, int queueSize, int batchSize, Duration batchTimeout,
            Duration shutdownTimeout) {
    }

    /** Applies a batch of records (and dead-letters the bad ones); returning normally means all are done. */
    @FunctionalInterface
    public interface RecordProcessor {
        void process(List<ConsumerRecord<String, byte[]>> records);
    }

    private record InFlight(ConsumerRecord<String, byte[]> record, PartitionOffsets offsets) {
    }

    private final Settings settings;
    private final RecordProcessor processor;
    private final ConsumerObserver observer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KeyedWorkers<InFlight> workers;
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Deque<InFlight> undispatched = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread pollThread;
    private volatile boolean running = true;
    private volatile boolean graceful = true;
    private boolean paused;
    private long lastCommit = System.nanoTime();

    public StockEventConsumer(Settings settings, RecordProcessor processor, ConsumerObserver observer) {
        this.settings = settings;
        this.processor = processor;
        this.observer = observer;
        // the standard kafka.* settings (security, client.id, ...) under these; client metrics bound
        this.consumer = KafkaClients.consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        this.workers = new KeyedWorkers<>("catalog-worker", settings.workerCount(), settings.queueSize(),
                settings.batchSize(), settings.batchTimeout(), f -> f.record().key(), this::processBatch);
        this.pollThread = new Thread(this::pollLoop, "catalog-consumer-" + settings.groupId());
    }

    public StockEventConsumer start() {
        observer.started(workers);
        workers.start();
        pollThread.start();
        return this;
    }

    /** Graceful: stop fetching, let the workers apply what they hold, commit it, leave the group. */
    public void close() {
        stop(true);
    }

    /** Abrupt, as in a crash: stop at once without committing; whatever was not committed is redelivered. */
    public void halt() {
        stop(false);
    }

    private void stop(boolean finishInFlight) {
        graceful = finishInFlight;
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(settings.shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                LOG.warn("consumer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (running) {
                var records = consumer.poll(undispatched.isEmpty() ? POLL_TIMEOUT : PAUSED_POLL_TIMEOUT);
                observer.received(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    PartitionOffsets offsets = partitions.computeIfAbsent(
                            new TopicPartition(record.topic(), record.partition()), tp -> new PartitionOffsets());
                    offsets.track(record.offset());
                    undispatched.add(new InFlight(record, offsets));
                }
                dispatch();
                if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException expected) {
            // close() or halt()
        } catch (RuntimeException e) {
            LOG.error("consumer loop failed", e);
        } finally {
            shutdown();
        }
    }

    /**
     * Hands records to their workers in fetch order and stops at the first full queue, so a later record
     * of the same product can never overtake it; while anything waits, the partitions stay paused.
     */
    private void dispatch() {
        while (!undispatched.isEmpty() && workers.offer(undispatched.peekFirst())) {
            undispatched.pollFirst();
        }
        if (!undispatched.isEmpty() && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (undispatched.isEmpty() && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void processBatch(List<InFlight> batch) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
        batch.forEach(f -> records.add(f.record()));
        long backoff = 100;
        while (true) {
            try {
                processor.process(records);
                break;
            } catch (RuntimeException e) {
                // Redis or the dead-letter topic is unavailable: retry, never skip (offsets stay behind)
                LOG.warnf("applying %d records failed, retrying in %d ms: %s", records.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        batch.forEach(f -> f.offsets().done(f.record().offset()));
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        partitions.forEach((tp, offsets) -> {
            long position = offsets.toCommit();
            if (position >= 0) {
                positions.put(tp, new OffsetAndMetadata(position));
            }
        });
        if (positions.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(positions);
            positions.forEach((tp, om) -> partitions.get(tp).committed(om.offset()));
        } else {
            consumer.commitAsync(positions, (done, failure) -> {
                if (failure == null) {
                    done.forEach((tp, om) -> {
                        PartitionOffsets offsets = partitions.get(tp);
                        if (offsets != null) {
                            offsets.committed(om.offset());
                        }
                    });
                } else {
                    LOG.debugf("async commit failed, a later commit covers it: %s", failure.toString());
                }
            });
        }
    }

    /** Drops the records of {@code revoked} that no worker holds yet and waits for the rest to finish. */
    private void finishInFlight(Collection<TopicPartition> revoked, long timeoutMillis) {
        Set<TopicPartition> gone = new HashSet<>(revoked);
        undispatched.removeIf(f -> {
            TopicPartition tp = new TopicPartition(f.record().topic(), f.record().partition());
            if (gone.contains(tp)) {
                f.offsets().forgetFrom(f.record().offset());
                return true;
            }
            return false;
        });
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (TopicPartition tp : gone) {
            PartitionOffsets offsets = partitions.get(tp);
            while (offsets != null && !offsets.idle() && System.currentTimeMillis() < deadline) {
                sleepQuietly();
            }
        }
    }

    private void shutdown() {
        try {
            if (graceful) {
                finishInFlight(partitions.keySet(), settings.shutdownTimeout().toMillis());
                workers.drainAndStop(Duration.ofSeconds(1));
                try {
                    commit(true);
                } catch (WakeupException pendingWakeup) {
                    commit(true); // the wakeup from stop() arrived after the last poll; it is used up now
                }
            } else {
                workers.stopNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("final commit failed, the uncommitted records will be redelivered: %s", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            observer.stopped();
            stopped.countDown();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (!running) {
                return; // shutdown() finishes and commits everything
            }
            finishInFlight(revoked, settings.shutdownTimeout().toMillis());
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warnf("commit on revocation failed, those records will be redelivered: %s", e.toString());
            }
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            // another member owns them already: committing is not allowed; anything unfinished is redelivered
            undispatched.removeIf(f -> lost.contains(new TopicPartition(f.record().topic(), f.record().partition())));
            lost.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (paused) {
                consumer.pause(assigned); // records still wait for room; new partitions wait with them
            }
        }
    }
}
