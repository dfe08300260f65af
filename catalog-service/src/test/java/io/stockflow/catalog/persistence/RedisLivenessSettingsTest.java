package io.stockflow.catalog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.config.CatalogConfig;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalog's Redis client gets REDIS_READ_IDLE_TIMEOUT and REDIS_CONNECT_TIMEOUT, and the pool recycling they need. */
@QuarkusTest
class RedisLivenessSettingsTest {

    @Inject
    @Any
    Instance<RedisOptionsCustomizer> customizers;

    @Inject
    CatalogConfig config;

    @Test
    void shouldGiveTheClientItsTimeoutsAndRecyclePooledConnectionsBeforeTheReadIdleTimeout() {
        RedisOptions options = new RedisOptions();
        customizers.forEach(customizer -> customizer.customize("<default>", options));

        Duration readIdle = config.cache().redisReadIdleTimeout();
        assertThat(readIdle).as("the default").isEqualTo(Duration.ofSeconds(3));
        assertThat(options.getNetClientOptions().getIdleTimeoutUnit().toMillis(options.getNetClientOptions().getReadIdleTimeout()))
                .isEqualTo(readIdle.toMillis());
        assertThat(options.getNetClientOptions().getConnectTimeout()).isEqualTo(2000);
        assertThat(options.getPoolRecycleTimeout() + options.getPoolCleanerInterval()).isLessThan((int) readIdle.toMillis());
        if (config.cache().replicaAcks() > 0) {
            assertThat(readIdle).isGreaterThan(config.cache().replicaAckTimeout());
        }
    }
}
