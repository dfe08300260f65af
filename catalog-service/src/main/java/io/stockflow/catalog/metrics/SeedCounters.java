package io.stockflow.catalog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The seed's names for counts the catalog keeps already, read from those counters at scrape time (no
 * second increment on any path): {@code catalog_stock_events_processed_total{outcome}} from
 * catalog_events_total and catalog_events_dead_lettered_total, and
 * {@code catalog_cache_operations_total{cache, operation, result}}: reads (hit, miss) from
 * catalog_cache_hits/misses_total, writes (applied, duplicate, stale) from the events' outcomes.
 */
@ApplicationScoped
public class SeedCounters {

    private final MeterRegistry registry;

    SeedCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (String outcome : new String[] {"applied", "duplicate", "stale", "rejected"}) {
            alias("catalog.stock.events.processed", "Stock events processed, by outcome", "catalog.events", "outcome",
                    outcome).tag("outcome", outcome).register(registry);
        }
        alias("catalog.stock.events.processed", "Stock events processed, by outcome", "catalog.events.dead_lettered",
                null, null).tag("outcome", "dead_lettered").register(registry);
        for (String cache : new String[] {"stock", "product"}) {
            alias("catalog.cache.operations", "Cache operations", "catalog.cache.hits", "cache", cache)
                    .tags("cache", cache, "operation", "read", "result", "hit").register(registry);
            alias("catalog.cache.operations", "Cache operations", "catalog.cache.misses", "cache", cache)
                    .tags("cache", cache, "operation", "read", "result", "miss").register(registry);
        }
        for (String outcome : new String[] {"applied", "duplicate", "stale"}) {
            alias("catalog.cache.operations", "Cache operations", "catalog.events", "outcome", outcome)
                    .tags("cache", "stock", "operation", "write", "result", outcome).register(registry);
        }
    }

    private FunctionCounter.Builder<MeterRegistry> alias(String name, String description, String source, String tag,
            String value) {
        return FunctionCounter.builder(name, registry, r -> {
            var search = r.find(source);
            Counter counter = (tag == null ? search : search.tag(tag, value)).counter();
            return counter == null ? 0 : counter.count();
        }).description(description);
    }
}
