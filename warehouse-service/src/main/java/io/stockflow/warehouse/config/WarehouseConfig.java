package io.stockflow.warehouse.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Warehouse rules. Each key has an environment variable (see application.properties). */
@ConfigMapping(prefix = "stockflow.warehouse")
public interface WarehouseConfig {

    /** Threshold for levels that have none of their own. */
    @WithDefault("10")
    long defaultLowStockThreshold();

    /** Most lines in a batch, ids in a bulk read, items in a page. */
    @WithDefault("1000")
    int maxBatchSize();

    /**
     * Products per query of a bulk read; the chunks of one request run in parallel. A few hundred
     * ids keep PostgreSQL on index scans (it turns to a full scan near a thousand) and spread one
     * large read over the cores.
     */
    @WithDefault("250")
    int bulkChunkSize();

    Idempotency idempotency();

    Reservations reservations();

    interface Idempotency {
        /** How long a key and its stored response are kept. */
        @WithDefault("24H")
        Duration ttl();

        /** How long a duplicate waits for the first request with its key before a 409. */
        @WithDefault("10S")
        Duration waitTimeout();
    }

    interface Reservations {
        @WithDefault("15M")
        Duration defaultTtl();

        @WithDefault("7D")
        Duration maxTtl();

        /** Expired reservations released per pass of the expiry job. */
        @WithDefault("200")
        int expiryBatchSize();
    }
}
