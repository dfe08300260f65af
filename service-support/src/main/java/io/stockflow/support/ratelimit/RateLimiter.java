package io.stockflow.support.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.stockflow.support.auth.ApiKeyIdentityProvider;
import io.stockflow.support.redis.RedisLiveness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Counts requests against their clients' budgets in Redis, shared by every replica
 * ({@link RedisWindows}): a budget of requests-per-minute × window per client and window, the
 * admin paths with their own. Never blocks: it runs on the event loop, and most requests are counted
 * against this replica's {@link Allowances share} without a round trip. If Redis does not answer within its timeout the request
 * passes unchecked (fail open), counted in inventory_rate_limit_redis_failures_total and logged
 * once per outage; Redis is then left alone for retry-after-failure before it is tried again.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** The status endpoint lists at most this many clients. */
    static final int STATUS_MAX_CLIENTS = 1000;
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

    private final RateLimitConfig config;
    private final RateLimitKeys keys;
    private final Vertx vertx;
    private final Map<Scope, Long> budgets = new EnumMap<>(Scope.class);
    private final Map<Scope, Counter> violations = new EnumMap<>(Scope.class);
    private final Counter redisFailures;
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private volatile long skipRedisUntilNanos = System.nanoTime();
    private final RedisWindows windows;
    private final Allowances allowances;
    /** Closes a hung node's connections after five calls' timeouts without a reply: a cluster client then moves past a hung first seed. */
    private final RedisLiveness liveness;

    RateLimiter(RateLimitConfig config, Vertx vertx, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.config = config;
        this.vertx = vertx;
        this.keys = new RateLimitKeys(service);
        Duration window = config.window();
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("RATE_LIMIT_WINDOW must be at least 1s, not " + window);
        }
        budgets.put(Scope.API, budget(config.requestsPerMinute(), window, "RATE_LIMIT_REQUESTS_PER_MINUTE"));
        budgets.put(Scope.ADMIN, budget(config.adminRequestsPerMinute(), window, "RATE_LIMIT_ADMIN_REQUESTS_PER_MINUTE"));
        for (Scope scope : Scope.values()) {
            violations.put(scope, Counter.builder("inventory.rate_limit.violations")
                    .description("requests refused with 429 rate_limited")
                    .tag("scope", scope.wireName())
                    .register(registry));
        }
        redisFailures = Counter.builder("inventory.rate_limit.redis.failures")
                .description("requests let through without a count because Redis did not answer in time")
                .register(registry);
        Duration fiveCalls = config.redis().timeout().multipliedBy(5);
        liveness = new RedisLiveness(max(Duration.ofMillis(100), fiveCalls), max(Duration.ofMillis(2500), fiveCalls),
                "the rate limiter's read idle timeout (5 × RATE_LIMIT_REDIS_TIMEOUT, at least 2.5 s)");
        windows = config.enabled() ? new RedisWindows(vertx, this::redisOptions, window, config.redis().timeout()) : null;
        allowances = windows == null ? null : new Allowances(windows, () -> System.nanoTime() / 1_000_000);
    }

    /**
     * The counters' Redis: the configured one (one node, or a Redis Cluster whose nodes the URL lists,
     * comma-separated), or with {@code node} one node of that cluster, for a SCAN of its keys.
     */
    private RedisOptions redisOptions(String node) {
        RedisOptions options = new RedisOptions()
                .setPoolName(node == null ? "rate-limit" : "rate-limit-scan")
                .setMetricsName("rate-limit")
                // no HELLO round trip on each new pooled connection; the replies are plain integers
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(node == null ? 16 : 1)
                .setMaxPoolWaiting(1024)
                .setMaxWaitingHandlers(1024);
        options.getNetClientOptions().setTcpNoDelay(true);
        liveness.applyTo(options);
        List<String> urls = List.of(config.redis().url().split(","));
        if (node != null) {
            return options.setConnectionString(node);
        }
        if (config.redis().clientType() == RedisClientType.CLUSTER) {
            return options.setType(RedisClientType.CLUSTER).setEndpoints(urls);
        }
        if (urls.size() > 1) {
            throw new IllegalArgumentException("RATE_LIMIT_REDIS_URL lists " + urls.size()
                    + " nodes: set RATE_LIMIT_REDIS_CLIENT_TYPE=cluster for a Redis Cluster");
        }
        return options.setConnectionString(urls.get(0));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long budget(int perMinute, Duration window, String variable) {
        if (perMinute < 1) {
            throw new IllegalArgumentException(variable + " must be at least 1, not " + perMinute);
        }
        return Math.max(1, Math.round(perMinute * (window.toMillis() / 60_000.0)));
    }

    /** Connects before the first request, which would otherwise spend its timeout on that. */
    void warmUp(@Observes StartupEvent started) {
        if (windows != null) {
            windows.ping().onFailure(this::failedOpen);
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    public RateLimitType type() {
        return config.type();
    }

    /**
     * A key whose own role is exempt (a service or ingest key) is never limited. The key's role, not
     * the roles it is granted: a service key is granted read too, an admin key every role.
     */
    public boolean exempt(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return false;
        }
        String role = identity.getAttribute(ApiKeyIdentityProvider.ROLE_ATTRIBUTE);
        return role != null && config.exemptRoles().contains(role);
    }

    /**
     * Counts the request against every client id: at once from this replica's allowance, or after a
     * Redis round trip that claims more of it; then completes on the caller's event loop.
     */
    public Uni<Decision> check(Scope scope, List<String> clientIds) {
        if (System.nanoTime() - skipRedisUntilNanos < 0) {
            redisFailures.increment();
            return Uni.createFrom().item(Decision.unchecked());
        }
        long budget = budgets.get(scope);
        List<Future<RedisWindows.Window>> taken = new ArrayList<>(clientIds.size());
        boolean allKnown = true;
        for (String clientId : clientIds) {
            Future<RedisWindows.Window> window = allowances.take(keys.key(scope, clientId), budget);
            allKnown &= window.succeeded();
            taken.add(window);
        }
        if (allKnown) {
            return Uni.createFrom().item(counted(scope, Decision.of(budget, taken.stream().map(Future::result).toList())));
        }
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> Future.all(taken).onComplete(all -> {
            Runnable emit = () -> {
                if (all.succeeded()) {
                    emitter.complete(counted(scope, Decision.of(budget, all.result().list())));
                } else {
                    emitter.complete(failedOpen(all.cause()));
                }
            };
            if (caller == null || caller == Vertx.currentContext()) {
                emit.run();
            } else {
                caller.runOnContext(ignored -> emit.run());
            }
        }));
    }

    private Decision counted(Scope scope, Decision decision) {
        if (redisDown.get() && redisDown.compareAndSet(true, false)) {
            LOG.infof("Rate limiting: Redis at %s answers again; requests are counted again", redactedUrl());
        }
        if (!decision.allowed()) {
            violations.get(scope).increment();
        }
        return decision;
    }

    private Decision failedOpen(Throwable failure) {
        redisFailures.increment();
        skipRedisUntilNanos = System.nanoTime() + config.redis().retryAfterFailure().toNanos();
        if (redisDown.compareAndSet(false, true)) {
            LOG.warnf("Rate limiting: Redis at %s did not answer (%s); requests pass without a count until it does",
                    redactedUrl(), failure.toString());
        }
        return Decision.unchecked();
    }

    private String redactedUrl() {
        return config.redis().url().replaceFirst("//[^/@]*@", "//");
    }

    /** GET /v1/admin/rate-limit/status: the settings and every client counted in its current window. */
    public Uni<RateLimitStatus> status() {
        if (windows == null) {
            return Uni.createFrom().item(status(List.of(), null));
        }
        return Uni.createFrom().completionStage(windows.within(windows.all(keys.pattern(), STATUS_MAX_CLIENTS), STATUS_TIMEOUT).toCompletionStage())
                .map(counted -> status(clients(counted), true))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf(failure, "Rate limit status without clients: Redis did not answer");
                    return status(List.of(), false);
                });
    }

    private RateLimitStatus status(List<RateLimitStatus.Client> clients, Boolean redisReachable) {
        return new RateLimitStatus(config.enabled(), config.type().wireName(), config.requestsPerMinute(),
                config.adminRequestsPerMinute(), config.window().toSeconds(), budgets.get(Scope.API), budgets.get(Scope.ADMIN),
                redisReachable, clients);
    }

    private List<RateLimitStatus.Client> clients(List<RedisWindows.Counted> counted) {
        Instant now = Instant.now();
        List<RateLimitStatus.Client> clients = new ArrayList<>();
        for (RedisWindows.Counted each : counted) {
            keys.parse(each.key()).ifPresent(client -> {
                long budget = budgets.get(client.scope());
                RedisWindows.Window window = each.window();
                clients.add(new RateLimitStatus.Client(client.clientId(), client.scope().wireName(), budget, window.count(),
                        Math.max(0, budget - window.count()),
                        now.plusMillis(window.millisLeft()).minus(config.window()),
                        window.count() >= budget));
            });
        }
        clients.sort(Comparator.comparingLong(RateLimitStatus.Client::requestCount).reversed()
                .thenComparing(RateLimitStatus.Client::clientId));
        return clients;
    }

    @PreDestroy
    void close() {
        if (windows != null) {
            windows.close();
        }
    }
}
