package io.stockflow.support.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.redis.client.RedisClientType;
import java.time.Duration;
import java.util.Set;

/**
 * RATE_LIMIT_*: whom a request is counted against ({@link RateLimitType}), how many requests per
 * minute a client may send to the API and to /v1/admin, and the window those are counted in.
 * The environment variables are mapped in service-support's META-INF/microprofile-config.properties.
 */
@ConfigMapping(prefix = "stockflow.rate-limit")
public interface RateLimitConfig {

    @WithDefault("false")
    boolean enabled();

    @WithDefault("key")
    RateLimitType type();

    @WithDefault("1000")
    int requestsPerMinute();

    @WithDefault("60")
    int adminRequestsPerMinute();

    /** Each client's budget (requests per minute × window) is granted afresh every window. */
    @WithDefault("60s")
    Duration window();

    /** Principals with one of these roles are never limited: the catalog calling the warehouse, push deliveries. */
    @WithDefault("service,ingest")
    Set<String> exemptRoles();

    Redis redis();

    interface Redis {

        @WithDefault("redis://127.0.0.1:6379")
        String url();

        /** {@code standalone}, or {@code cluster}: a Redis Cluster, {@link #url()} listing some of its nodes, comma-separated. */
        @WithDefault("standalone")
        RedisClientType clientType();

        /** Past this a request is let through unchecked (limits fail open). */
        @WithDefault("500ms")
        Duration timeout();

        /** After a failure, requests pass unchecked this long before Redis is tried again. */
        @WithDefault("1s")
        Duration retryAfterFailure();
    }
}
