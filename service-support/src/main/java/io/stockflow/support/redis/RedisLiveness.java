package io.stockflow.support.redis;

import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a Redis client notices a node that hangs (stopped, or a host whose packets are dropped: its port may
 * still accept, nothing is answered). A connection that has read nothing for {@code readIdleTimeout} is
 * closed, so calls on it fail as unavailable instead of waiting, and a Redis Cluster client asks the next
 * seed for the slot map: the Vert.x cluster client asks its seeds in order and waits on each with no
 * timeout of its own (catalog-service/README.md, "Redis Cluster").
 * <p>
 * The timeout runs from a connection's last reply, not from its last command. So the pool drops a
 * connection left unused for a third of it, checked every third: none is handed out so close to the
 * timeout that it would be closed under a command. A command that may itself be silent for a while
 * (a {@code WAIT} for replicas) must end well within it: {@link #requireLongerThan}.
 * <p>
 * One home for both of the project's Redis clients: the catalog's (Quarkus's, through a
 * {@code RedisOptionsCustomizer}) and the rate limiter's.
 *
 * @param connectTimeout  how long a new connection may take
 * @param readIdleTimeout 0 for none (a hung node then holds its calls for as long as it hangs)
 * @param setting         the name an operator sets the read idle timeout by, for error messages
 */
public record RedisLiveness(Duration connectTimeout, Duration readIdleTimeout, String setting) {

    /** Below this the pool would be swept more often than every 100 ms. */
    static final Duration SHORTEST_READ_IDLE_TIMEOUT = Duration.ofMillis(300);

    public RedisLiveness {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("a Redis connect timeout must be positive, not " + connectTimeout);
        }
        if (readIdleTimeout.isNegative()
                || (!readIdleTimeout.isZero() && readIdleTimeout.compareTo(SHORTEST_READ_IDLE_TIMEOUT) < 0)) {
            throw new IllegalArgumentException(setting + " must be 0 (none) or at least "
                    + SHORTEST_READ_IDLE_TIMEOUT.toMillis() + " ms, not " + readIdleTimeout);
        }
    }

    public boolean closesHungConnections() {
        return !readIdleTimeout.isZero();
    }

    /** How long a pooled connection may lie unused before the pool drops it, and how often the pool looks. */
    public Duration pooledIdle() {
        return readIdleTimeout.dividedBy(3);
    }

    /**
     * Refuses a command that may read nothing for {@code silence} ({@code what} names it): the read idle
     * timeout would close its connection under it.
     */
    public RedisLiveness requireLongerThan(Duration silence, String what) {
        if (closesHungConnections() && readIdleTimeout.compareTo(silence) <= 0) {
            throw new IllegalArgumentException(setting + " (" + readIdleTimeout + ") must be longer than " + what
                    + " (" + silence + ")");
        }
        return this;
    }

    /** Sets the timeouts, and the pool's recycling when there is a read idle timeout, on {@code options} in place. */
    public RedisOptions applyTo(RedisOptions options) {
        NetClientOptions net = options.getNetClientOptions();
        // one unit for all three idle timeouts: the ones already set are kept, in milliseconds
        TimeUnit unit = net.getIdleTimeoutUnit();
        net.setIdleTimeout((int) unit.toMillis(net.getIdleTimeout()))
                .setWriteIdleTimeout((int) unit.toMillis(net.getWriteIdleTimeout()))
                .setReadIdleTimeout((int) readIdleTimeout.toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setConnectTimeout((int) connectTimeout.toMillis());
        if (closesHungConnections()) {
            int pooled = (int) pooledIdle().toMillis();
            options.setPoolRecycleTimeout(pooled).setPoolCleanerInterval(pooled);
        }
        return options;
    }
}
