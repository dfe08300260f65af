package io.stockflow.support.metrics;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The connection pool as gauges, {@code <prefix>_db_connections_active|idle|max|pending} (prefix:
 * {@code stockflow.metrics.prefix}, catalog or inventory), read from Agroal's own counters at scrape
 * time: nothing on the path of a query.
 */
@ApplicationScoped
public class DbPoolMetrics {

    private final AgroalDataSource dataSource;
    private final MeterRegistry registry;
    private final String prefix;

    DbPoolMetrics(AgroalDataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "stockflow.metrics.prefix") String prefix) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.prefix = prefix;
    }

    void register(@Observes StartupEvent event) {
        gauge("active", "Connections lent out", ds -> ds.getMetrics().activeCount());
        gauge("idle", "Connections in the pool, free", ds -> ds.getMetrics().availableCount());
        gauge("max", "The pool's maximum size", ds -> ds.getConfiguration().connectionPoolConfiguration().maxSize());
        gauge("pending", "Callers waiting for a connection", ds -> ds.getMetrics().awaitingCount());
    }

    private void gauge(String name, String description, ToDoubleFunction<AgroalDataSource> value) {
        Gauge.builder(prefix + ".db.connections." + name, dataSource, value).description(description).register(registry);
    }
}
