package io.stockflow.warehouse.outbox;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * The event pipeline: outbox relay to Kafka and the events feed. Defaults and environment
 * variables are in application.properties (block {@code # --- event pipeline ---}).
 */
@ConfigMapping(prefix = "stockflow.relay")
public interface RelayConfig {

    /**
     * Whether this replica runs for the relay election (OUTBOX_RELAY_ENABLED). A disabled replica
     * still serves the events feed, woken by the active relay's stamps.
     */
    boolean enabled();

    /** Rows stamped or published per pass. */
    @Min(1)
    @Max(10_000)
    int batchSize();

    /** Pass interval when no notification arrives: bounds the delay of a lost NOTIFY. */
    Duration pollInterval();

    /**
     * Least time from one stamp pass to the next (OUTBOX_STAMP_INTERVAL): the commits that arrive
     * meanwhile are stamped, and then published, together in the next pass. A pass costs PostgreSQL
     * about as much as the adjustment it relays (two transactions and five statements over the
     * coordinator's and the publisher's sessions, whatever the number of rows), and woken by every
     * commit the relay made one pass per event at moderate rates. An event waits at most this long
     * more before it is stamped; an idle relay stamps the first commit at once. 0: a pass per wake.
     */
    Duration stampInterval();

    /** How often a standby replica tries to become the active relay. */
    Duration leaderRetry();

    /** Key of the PostgreSQL advisory lock electing the active relay. */
    long leaderLockKey();

    /**
     * Published rows created longer ago than this are pruned, oldest position first (the feed
     * serves this much history).
     */
    Duration retention();

    /** Interval of the pruning job (read by its @Scheduled expression). */
    Duration pruneEvery();

    /** Feed positions each prune statement covers at most (OUTBOX_PRUNE_CHUNK). */
    @Min(1)
    @Max(1_000_000)
    int pruneChunk();

    /** Pause between a pruning job's statements, for the writes beside it (OUTBOX_PRUNE_PAUSE). */
    Duration prunePause();

    /** Interval at which the backlog gauge is refreshed (read by its @Scheduled expression). */
    Duration metricsRefresh();

    Kafka kafka();

    interface Kafka {

        String bootstrapServers();

        String topic();

        /** Partitions when the relay creates the missing topic. */
        @Min(1)
        int topicPartitions();

        @Min(0)
        int batchSize();

        @Min(0)
        int lingerMs();

        Compression compression();

        /** all (= -1), 1 or 0; idempotence (and so ordering across retries) needs all. */
        @Pattern(regexp = "all|-1|0|1")
        String requiredAcks();

        /** Attempts per record, the first included; the relay itself retries whatever still failed. */
        @Min(1)
        int maxAttempts();

        /** Upper bound on a send, retries included; a broker outage longer than this fails the pass. */
        Duration deliveryTimeout();

        Duration requestTimeout();
    }

    enum Compression {
        NONE, GZIP, SNAPPY, LZ4, ZSTD;

        public String kafkaName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
