package io.stockflow.support.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.quarkus.runtime.StartupEvent;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Counts requests against their clients' budgets in Redis, shared by every replica: one Bucket4j
 * bucket per service, scope and client ({@link RateLimitKeys}), refilled to the whole budget once
 * per window. Never blocks: it runs on the event loop, one GET and (for an allowed request) one
 * compare-and-swap script per bucket. If Redis does not answer within its timeout the request
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
    private final Map<Scope, BucketConfiguration> buckets = new EnumMap<>(Scope.class);
    private final Map<Scope, Counter> violations = new EnumMap<>(Scope.class);
    private final Counter redisFailures;
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private volatile long skipRedisUntilNanos = System.nanoTime();
    private final Redis redis;
    private final AsyncProxyManager<String> proxies;

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
        budgets.forEach((scope, budget) -> buckets.put(scope, BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(budget).refillIntervally(budget, window))
                .build()));
        for (Scope scope : Scope.values()) {
            violations.put(scope, Counter.builder("inventory.rate_limit.violations")
                    .description("requests refused with 429 rate_limited")
                    .tag("scope", scope.wireName())
                    .register(registry));
        }
        redisFailures = Counter.builder("inventory.rate_limit.redis.failures")
                .description("requests let through without a count because Redis did not answer in time")
                .register(registry);
        if (config.enabled()) {
            redis = Redis.createClient(vertx, new RedisOptions()
                    .setConnectionString(config.redis().url())
                    .setPoolName("rate-limit")
                    .setMetricsName("rate-limit")
                    .setMaxPoolSize(16)
                    .setMaxPoolWaiting(1024)
                    .setMaxWaitingHandlers(1024)
                    .setNetClientOptions(new NetClientOptions()
                            .setConnectTimeout((int) Math.max(100, config.redis().timeout().toMillis() * 5))
                            .setTcpNoDelay(true)));
            // a bucket's key lives until the bucket is full again, i.e. until the end of its window
            proxies = new VertxRedisProxyManager(redis,
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1))).asAsync();
        } else {
            redis = null;
            proxies = null;
        }
    }

    /** Connects and loads the code path before the first request, which would otherwise spend its timeout on that. */
    void warmUp(@Observes StartupEvent started) {
        if (proxies != null) {
            proxies.getProxyConfiguration(keys.key(Scope.API, "warm-up")).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failedOpen(failure);
                }
            });
        }
    }

    private static long budget(int perMinute, Duration window, String variable) {
        if (perMinute < 1) {
            throw new IllegalArgumentException(variable + " must be at least 1, not " + perMinute);
        }
        return Math.max(1, Math.round(perMinute * (window.toMillis() / 60_000.0)));
    }

    public boolean enabled() {
        return config.enabled();
    }

    public RateLimitType type() {
        return config.type();
    }

    /** A principal whose every role is exempt (a service or ingest key) is never limited; admin keys hold more roles. */
    public boolean exempt(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && !identity.getRoles().isEmpty()
                && config.exemptRoles().containsAll(identity.getRoles());
    }

    /** Takes one request from the budget of every client id; completes on the caller's event loop. */
    public Uni<Decision> check(Scope scope, List<String> clientIds) {
        if (System.nanoTime() - skipRedisUntilNanos < 0) {
            redisFailures.increment();
            return Uni.createFrom().item(Decision.unchecked());
        }
        BucketConfiguration bucket = buckets.get(scope);
        long budget = budgets.get(scope);
        CompletableFuture<Decision> decision;
        if (clientIds.size() == 1) {
            decision = consume(scope, clientIds.get(0), bucket).thenApply(probe -> Decision.of(budget, List.of(probe)));
        } else {
            List<CompletableFuture<ConsumptionProbe>> probes = clientIds.stream().map(id -> consume(scope, id, bucket)).toList();
            decision = CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                    .thenApply(all -> Decision.of(budget, probes.stream().map(CompletableFuture::join).toList()));
        }
        return Uni.createFrom().completionStage(within(decision, config.redis().timeout()))
                .onItemOrFailure().transform((counted, failure) -> failure == null ? counted(scope, counted) : failedOpen(failure));
    }

    private CompletableFuture<ConsumptionProbe> consume(Scope scope, String clientId, BucketConfiguration bucket) {
        return proxies.builder().build(keys.key(scope, clientId), bucket).tryConsumeAndReturnRemaining(1);
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

    /** Completes with the source or fails after the timeout, on a Vert.x timer: the event loop stays the caller's. */
    private <T> CompletableFuture<T> within(CompletableFuture<T> source, Duration timeout) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
                fired -> bounded.completeExceptionally(new TimeoutException("no answer from Redis within " + timeout)));
        source.whenComplete((value, failure) -> {
            vertx.cancelTimer(timer);
            if (failure == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(failure);
            }
        });
        return bounded;
    }

    private String redactedUrl() {
        return config.redis().url().replaceFirst("//[^/@]*@", "//");
    }

    /** GET /v1/admin/rate-limit/status: the settings and every client counted in its current window. */
    public Uni<RateLimitStatus> status() {
        if (!config.enabled()) {
            return Uni.createFrom().item(status(List.of(), null));
        }
        return Uni.createFrom().completionStage(within(scan("0", new ArrayList<>()).thenCompose(this::clients), STATUS_TIMEOUT))
                .map(clients -> status(clients, true))
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

    private CompletableFuture<List<String>> scan(String cursor, List<String> found) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.pattern()).arg("COUNT").arg(500);
        return redis.send(scan).toCompletionStage().toCompletableFuture().thenCompose(page -> {
            for (Response key : page.get(1)) {
                found.add(key.toString());
            }
            String next = page.get(0).toString();
            return next.equals("0") || found.size() >= STATUS_MAX_CLIENTS
                    ? CompletableFuture.completedFuture(found.size() > STATUS_MAX_CLIENTS ? found.subList(0, STATUS_MAX_CLIENTS) : found)
                    : scan(next, found);
        });
    }

    private CompletableFuture<List<RateLimitStatus.Client>> clients(List<String> redisKeys) {
        List<CompletableFuture<RateLimitStatus.Client>> clients = new ArrayList<>();
        for (String key : redisKeys) {
            keys.parse(key).ifPresent(counted -> clients.add(client(key, counted)));
        }
        return CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).thenApply(all -> clients.stream()
                .map(CompletableFuture::join)
                .filter(client -> client.requestCount() > 0)
                .sorted(Comparator.comparingLong(RateLimitStatus.Client::requestCount).reversed()
                        .thenComparing(RateLimitStatus.Client::clientId))
                .toList());
    }

    /** A read of the bucket: how much of the budget is used and when its window ends (the next refill). */
    private CompletableFuture<RateLimitStatus.Client> client(String key, RateLimitKeys.Counted counted) {
        long budget = budgets.get(counted.scope());
        return proxies.builder().build(key, buckets.get(counted.scope())).estimateAbilityToConsume(budget).thenApply(probe -> {
            long used = budget - probe.getRemainingTokens();
            Instant windowStart = Instant.now().plusNanos(probe.getNanosToWaitForRefill()).minus(config.window());
            return new RateLimitStatus.Client(counted.clientId(), counted.scope().wireName(), budget, used,
                    probe.getRemainingTokens(), windowStart, probe.getRemainingTokens() <= 0);
        });
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
