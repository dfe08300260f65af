package io.stockflow.warehouse.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.stockflow.warehouse.edge.CommandSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The seed's inventory API metrics, from every answer of the warehouse's API: requests, errors and
 * latency per endpoint (the resource method, e.g. {@code InventoryResource.adjust}: a bounded set),
 * stock updates committed per operation, version conflicts and idempotent replays (the seed's
 * {@code inventory_cache_hits_total}). Counted where the API answers, so a replay or a refusal
 * counts as what the client saw; meters are cached, no lookup by tags per request. A stock update is
 * a write answered 2xx by a command endpoint (not one of {@link #NOT_STOCK_UPDATES}).
 */
@ApplicationScoped
public class ApiMetrics {

    private static final String STARTED = ApiMetrics.class.getName() + ".started";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Resource methods that answer a POST without changing stock: not stock updates. */
    private static final Set<String> NOT_STOCK_UPDATES = Set.of("BulkStockResource.bulk",
            "InventoryResource.recentlyUpdated", "AdminResource.loadDemoData", "AdminResource.verifyLedger",
            "WarehouseResource.create", "unmatched");

    private record Key(String endpoint, String method, int status) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Key, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Key, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> updates = new ConcurrentHashMap<>();
    private final Counter conflicts;
    private final Counter replays;

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.conflicts = Counter.builder("inventory.version.conflicts")
                .description("Changes refused because the level's version had moved on (409 version_conflict)")
                .register(registry);
        this.replays = Counter.builder("inventory.cache.hits")
                .description("Commands answered from their idempotency key's stored response (replays)")
                .register(registry);
    }

    @ServerRequestFilter
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource) {
        String endpoint = resource == null || resource.getResourceClass() == null ? "unmatched"
                : resource.getResourceClass().getSimpleName() + "." + resource.getMethodName();
        String method = request.getMethod();
        int status = response.getStatus();
        Key key = new Key(endpoint, method, status);
        requests.computeIfAbsent(key, k -> counter("inventory.api.requests", k, "Requests answered")).increment();
        if (status >= 400) {
            errors.computeIfAbsent(key, k -> counter("inventory.api.errors", k, "Requests answered 4xx or 5xx")).increment();
        }
        if (request.getProperty(STARTED) instanceof Long started) {
            durations.computeIfAbsent(new Key(endpoint, method, 0), this::timer)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        boolean replayed = "true".equals(response.getHeaderString(CommandSupport.REPLAYED));
        if (replayed) {
            replays.increment();
        } else if (status < 300 && WRITES.contains(method) && !NOT_STOCK_UPDATES.contains(endpoint)) {
            updates.computeIfAbsent(endpoint, operation -> Counter.builder("inventory.updates.processed")
                    .description("Stock commands committed, per operation").tag("operation", operation)
                    .register(registry)).increment();
        }
        if (response.getEntity() instanceof Problem problem && ErrorType.VERSION_CONFLICT.id().equals(problem.errorType())) {
            conflicts.increment();
        }
    }

    private Counter counter(String name, Key key, String description) {
        return Counter.builder(name).description(description).tag("endpoint", key.endpoint()).tag("method", key.method())
                .tag("status", Integer.toString(key.status())).register(registry);
    }

    private Timer timer(Key key) {
        return Timer.builder("inventory.api.request.duration").description("Time to answer, per endpoint")
                .tag("endpoint", key.endpoint()).tag("method", key.method())
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(registry);
    }
}
