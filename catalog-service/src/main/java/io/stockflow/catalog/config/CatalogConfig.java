package io.stockflow.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/**
 * The catalog's own settings. The consumer's sizing sits at the top level so that the environment
 * variables read {@code CATALOG_WORKER_COUNT}, {@code CATALOG_QUEUE_SIZE}, {@code CATALOG_BATCH_SIZE},
 * {@code CATALOG_BATCH_TIMEOUT} (a duration such as {@code 100ms}).
 */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    /** Workers applying events; a product always goes to the same one, which keeps its order. */
    @WithDefault("10")
    int workerCount();

    /** Records waiting per worker; a full queue pauses fetching (backpressure), nothing is dropped. */
    @WithDefault("1000")
    int queueSize();

    /** Records a worker applies to Redis in one pipelined round trip. */
    @WithDefault("100")
    int batchSize();

    /** How long a worker waits to fill a batch before applying what it has. */
    @WithDefault("100ms")
    Duration batchTimeout();

    /** The catalog's own key (role {@code service}), sent on every call to the warehouse (WAREHOUSE_API_KEY). */
    Optional<String> warehouseApiKey();

    Consumer consumer();

    Cache cache();

    Warmup warmup();

    NearCache nearCache();

    Sync sync();

    Consistency consistency();

    /** Reads with a consistency token (read-your-writes). */
    interface Consistency {
        /**
         * How long a read with a token waits for the events it names to be applied before it reads the
         * levels from the warehouse instead (CATALOG_CONSISTENCY_MAX_WAIT).
         */
        @WithDefault("500ms")
        Duration maxWait();

        /**
         * Reads waiting at once in one replica; one more reads from the warehouse at once
         * (CATALOG_CONSISTENCY_MAX_WAITERS).
         */
        @WithDefault("10000")
        int maxWaiters();

        /**
         * Only without Redis tracking (near cache off, or its connection down): how often a waiting read
         * looks at the versions again, as no other replica's write is announced then.
         */
        @WithDefault("25ms")
        Duration recheckInterval();
    }

    interface Consumer {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("warehouse.stock")
        String topic();

        @WithDefault("catalog")
        String groupId();

        @WithDefault("warehouse.stock.dlq")
        String deadLetterTopic();

        @WithDefault("500")
        int maxPollRecords();

        /** A new consumer group starts from the beginning: the read model is rebuilt from the log. */
        @WithDefault("earliest")
        String autoOffsetReset();

        /** How long shutdown waits for in-flight records to be applied and committed. */
        @WithDefault("20s")
        Duration shutdownTimeout();
    }

    interface Cache {
        /** How long an event id is remembered as processed. */
        @WithDefault("24h")
        Duration processedEventTtl();

        /** How long product details stay cached; writes through the admin API refresh them. */
        @WithDefault("1h")
        Duration productTtl();

        /** How long a Redis round trip may take before the caller gives up. */
        @WithDefault("10s")
        Duration redisTimeout();

        /**
         * A Redis connection that has read nothing this long is closed: a hung node fails its calls instead
         * of holding them ({@code RedisLiveness}). 0 for none.
         */
        @WithDefault("3s")
        Duration redisReadIdleTimeout();

        /** How long a new Redis connection may take. */
        @WithDefault("2s")
        Duration redisConnectTimeout();

        /**
         * Replicas that must hold a stock write before it counts as done (Redis {@code WAIT} after the
         * writes): the consumer commits an event's offset only then, so a master lost with writes it had
         * not passed on yet loses nothing the catalog acknowledged. 0, for a Redis without replicas: no wait.
         */
        @WithDefault("0")
        int replicaAcks();

        /** How long a write waits for them; still short of them, it fails as unavailable and goes again. */
        @WithDefault("1s")
        Duration replicaAckTimeout();
    }

    /** Product reads held in memory, invalidated by Redis (client-side caching with tracking). */
    interface NearCache {
        @WithDefault("true")
        boolean enabled();

        /** Products held at most; beyond, the least useful go (Caffeine's policy). */
        @WithDefault("100000")
        long maxProducts();
    }

    interface Warmup {
        @WithDefault("true")
        boolean enabled();

        /** Product ids per bulk call (the warehouse accepts up to 1000). */
        @WithDefault("1000")
        int chunkSize();

        /** Bulk calls in flight at once. */
        @WithDefault("4")
        int concurrency();

        /** Attempts before warming gives up and readiness turns up anyway (reads then read through). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("2s")
        Duration retryDelay();
    }

    interface Sync {
        /** How often drift repair runs ({@code off} disables the schedule). */
        @WithDefault("30s")
        String interval();

        /** The first run waits this long after startup. */
        @WithDefault("30s")
        String initialDelay();

        /**
         * Levels per recently-updated call (up to 1000). Each call costs the warehouse, PostgreSQL and the
         * catalog something besides its levels, so the largest page is the cheapest per level (bench/README).
         */
        @WithDefault("1000")
        @Min(1)
        @Max(1000) // the most a recently-updated call serves; a larger page would fail every run
        int pageSize();

        /** A scheduled run pauses this long between pages, so it never holds the services for long. */
        @WithDefault("50ms")
        Duration pagePause();

        /** Pages one run pulls at most; the next run continues from the checkpoint. */
        @WithDefault("200")
        int maxPagesPerRun();

        /** A fresh checkpoint starts this long before warming began, covering changes in flight. */
        @WithDefault("1m")
        Duration checkpointOverlap();

        /**
         * Products each run compares whole with the warehouse (up to 1000, 0: none), going round the
         * catalog: a level Redis holds ahead of the warehouse, or one the warehouse does not have, is
         * found even if it never changes again (CATALOG_SYNC_AUDIT_PRODUCTS). 100 products of 20
         * levels are about the work of the run's pages; 10,000 products are gone round in 50 minutes.
         */
        @WithDefault("100")
        int auditProducts();
    }
}
