package io.stockflow.support.metrics;

import io.agroal.api.AgroalPoolInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code <prefix>_db_query_duration_seconds}: how long a unit of database work (its statements, and
 * under a transaction the whole transaction) holds a pooled connection, from Agroal's acquire to its
 * return. A thread holds one pooled connection at a time here, so the start is kept per thread.
 */
@ApplicationScoped
public class ConnectionHoldTimer implements AgroalPoolInterceptor {

    private static final ThreadLocal<long[]> ACQUIRED = ThreadLocal.withInitial(() -> new long[1]);

    private final Timer held;

    ConnectionHoldTimer(MeterRegistry registry, @ConfigProperty(name = "stockflow.metrics.prefix") String prefix) {
        this.held = Timer.builder(prefix + ".db.query.duration")
                .description("Time a unit of database work holds a pooled connection")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        ACQUIRED.get()[0] = System.nanoTime();
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        long[] acquired = ACQUIRED.get();
        if (acquired[0] != 0) {
            held.record(System.nanoTime() - acquired[0], java.util.concurrent.TimeUnit.NANOSECONDS);
            acquired[0] = 0;
        }
    }
}
