package io.stockflow.catalog.persistence;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.support.redis.RedisLiveness;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Gives the catalog's Redis client (Quarkus creates it at start, with this) its read idle and connect
 * timeouts and the pool recycling that goes with them: a setting that a WAIT for replicas could outlast
 * fails the start.
 */
@Singleton
public class RedisLivenessSettings implements RedisOptionsCustomizer {

    private final RedisLiveness liveness;

    RedisLivenessSettings(CatalogConfig config) {
        CatalogConfig.Cache cache = config.cache();
        liveness = new RedisLiveness(cache.redisConnectTimeout(), cache.redisReadIdleTimeout(), "REDIS_READ_IDLE_TIMEOUT")
                .requireLongerThan(cache.replicaAcks() > 0 ? cache.replicaAckTimeout() : Duration.ZERO,
                        "CATALOG_CACHE_REPLICA_ACK_TIMEOUT, the longest a WAIT for replicas reads nothing");
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        liveness.applyTo(options);
    }
}
