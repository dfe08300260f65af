package io.stockflow.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisLivenessTest {

    private static RedisLiveness liveness(Duration readIdle) {
        return new RedisLiveness(Duration.ofSeconds(2), readIdle, "REDIS_READ_IDLE_TIMEOUT");
    }

    @Test
    void shouldDropAnUnusedPooledConnectionWellBeforeItsReadIdleTimeoutCouldCloseItUnderACommand() {
        RedisOptions options = liveness(Duration.ofSeconds(3)).applyTo(new RedisOptions());

        assertThat(options.getNetClientOptions().getIdleTimeoutUnit()).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(options.getNetClientOptions().getReadIdleTimeout()).isEqualTo(3000);
        assertThat(options.getNetClientOptions().getConnectTimeout()).isEqualTo(2000);
        // unused for a second, found within the next: at most 2 s of the 3 s gone when it is handed out
        assertThat(options.getPoolRecycleTimeout()).isEqualTo(1000);
        assertThat(options.getPoolCleanerInterval()).isEqualTo(1000);
        assertThat(options.getPoolRecycleTimeout() + options.getPoolCleanerInterval())
                .isLessThan(options.getNetClientOptions().getReadIdleTimeout());
    }

    @Test
    void shouldKeepTheOtherIdleTimeoutsItFindsWhenItChangesTheirUnit() {
        RedisOptions options = new RedisOptions();
        options.getNetClientOptions().setIdleTimeout(30).setWriteIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.SECONDS);

        liveness(Duration.ofMillis(2500)).applyTo(options);

        assertThat(options.getNetClientOptions().getIdleTimeout()).isEqualTo(30_000);
        assertThat(options.getNetClientOptions().getWriteIdleTimeout()).isEqualTo(5_000);
        assertThat(options.getNetClientOptions().getReadIdleTimeout()).isEqualTo(2500);
    }

    @Test
    void shouldLeaveThePoolAloneWithoutAReadIdleTimeout() {
        RedisOptions defaults = new RedisOptions();
        RedisOptions options = liveness(Duration.ZERO).applyTo(new RedisOptions());

        assertThat(options.getNetClientOptions().getReadIdleTimeout()).isZero();
        assertThat(options.getNetClientOptions().getConnectTimeout()).isEqualTo(2000);
        assertThat(options.getPoolRecycleTimeout()).isEqualTo(defaults.getPoolRecycleTimeout());
        assertThat(options.getPoolCleanerInterval()).isEqualTo(defaults.getPoolCleanerInterval());
    }

    @Test
    void shouldRefuseACommandThatCanStaySilentAsLongAsTheReadIdleTimeout() {
        assertThatThrownBy(() -> liveness(Duration.ofSeconds(3)).requireLongerThan(Duration.ofSeconds(3), "CATALOG_CACHE_REPLICA_ACK_TIMEOUT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDIS_READ_IDLE_TIMEOUT (PT3S) must be longer than CATALOG_CACHE_REPLICA_ACK_TIMEOUT (PT3S)");
        assertThatCode(() -> liveness(Duration.ofSeconds(3)).requireLongerThan(Duration.ofSeconds(1), "a WAIT"))
                .doesNotThrowAnyException();
        assertThatCode(() -> liveness(Duration.ZERO).requireLongerThan(Duration.ofSeconds(5), "a WAIT"))
                .as("0: no read idle timeout, nothing to outlast").doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseTimeoutsThatCannotWork() {
        assertThatThrownBy(() -> liveness(Duration.ofMillis(200))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REDIS_READ_IDLE_TIMEOUT must be 0 (none) or at least 300 ms");
        assertThatThrownBy(() -> liveness(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisLiveness(Duration.ZERO, Duration.ofSeconds(3), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout must be positive");
    }
}
