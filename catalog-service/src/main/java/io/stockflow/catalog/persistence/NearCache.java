package io.stockflow.catalog.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.Product;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Products as a single read serves them, held in the catalog's memory and kept true by Redis itself
 * (server-assisted client-side caching): the reads that fill it go over one connection with
 * {@code CLIENT TRACKING} on (RESP3), and Redis pushes an invalidation on that connection whenever a
 * key read there changes, expires or is flushed; the product then leaves the cache. A hit costs no
 * Redis round trip. The catalog's own writes also evict at once, so a write is visible to the next
 * read of the same replica; another replica sees it when Redis's push arrives (well under a
 * millisecond here, next to tens of milliseconds from commit to Redis).
 *
 * <p>A fill races the invalidations: it puts a token first and replaces only that token with the
 * product, so an invalidation that arrives between the read and its reply (which removes the token)
 * leaves nothing stale behind. While the tracking connection is down nothing is cached or served.
 */
@ApplicationScoped
public class NearCache {

    private static final Logger LOG = Logger.getLogger(NearCache.class);
    private static final long RECONNECT_MS = 1000;

    /** What a product read found in Redis: the details and the stock as its JSON text. */
    public record Entry(Product product, byte[] stockJson) {
    }

    /** One fill: reads over the tracking connection, then caches what it read if nothing changed meanwhile. */
    public final class Fill {
        private final String productId;
        private final Object token = new Object();
        private final RedisConnection connection;
        private volatile boolean tracked = true;

        private Fill(String productId, RedisConnection connection) {
            this.productId = productId;
            this.connection = connection;
            entries.put(productId, token);
        }

        /** Pipelined over the tracking connection; over the pool if that fails (and then nothing is cached). */
        public Future<List<Response>> send(List<Request> requests) {
            return connection.batch(requests).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(failure -> {
                tracked = false;
                entries.asMap().remove(productId, token);
                return pipeline.batch(requests);
            });
        }

        /** Caches what {@link #send} read, unless an invalidation came first. */
        public void complete(Product product, byte[] stockJson) {
            if (!tracked || !entries.asMap().replace(productId, token, new Entry(product, stockJson))) {
                entries.asMap().remove(productId, token);
            }
        }
    }

    private final boolean enabled;
    private final Cache<String, Object> entries;
    private final Vertx vertx;
    private final RedisPipeline pipeline;
    private final String redisUrl;
    private final long timeoutMs;
    private final Counter invalidations;
    private volatile Redis client;
    private volatile RedisConnection connection;
    private volatile boolean stopped;

    NearCache(CatalogConfig config, Vertx vertx, RedisPipeline pipeline, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> redisHosts) {
        this.enabled = config.nearCache().enabled() && redisHosts.size() == 1;
        this.entries = Caffeine.newBuilder().maximumSize(config.nearCache().maxProducts()).build();
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.redisUrl = redisHosts.get(0);
        this.timeoutMs = config.cache().redisTimeout().toMillis();
        this.invalidations = Counter.builder("catalog.near_cache.invalidations")
                .description("products removed from the near cache because Redis said a key of theirs changed")
                .register(registry);
        Gauge.builder("catalog.near_cache.products", entries, Cache::estimatedSize)
                .description("products held in the near cache").register(registry);
    }

    void start(@Observes StartupEvent started) {
        if (enabled) {
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                    .setPreferredProtocolVersion(ProtocolVersion.RESP3));
            connect();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        RedisConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    /** The product as last read, if Redis has not said since that it changed; null otherwise. */
    public Entry get(String productId) {
        return entries.getIfPresent(productId) instanceof Entry entry ? entry : null;
    }

    /** A fill for a product not held; null while there is no tracking connection (read as before). */
    public Fill fill(String productId) {
        RedisConnection current = connection;
        return current == null ? null : new Fill(productId, current);
    }

    /** Whether Redis tracks the reads now (so they are kept). */
    public boolean tracking() {
        return connection != null;
    }

    /** After this replica wrote a key of the product: the next read goes to Redis. */
    public void evict(String productId) {
        entries.invalidate(productId);
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** A push on the tracking connection: {@code invalidate} with the changed keys, or null for a flush. */
    void onPush(Response push) {
        if (push.size() < 2 || !"invalidate".equals(push.get(0).toString())) {
            return;
        }
        Response keys = push.get(1);
        if (keys == null) {
            entries.invalidateAll();
            return;
        }
        for (Response key : keys) {
            String productId = StockKeys.productOf(key.toString());
            if (productId != null && entries.asMap().remove(productId) != null) {
                invalidations.increment();
            }
        }
    }

    private void connect() {
        client.connect().compose(opened -> {
            opened.handler(this::onPush);
            opened.exceptionHandler(failure -> lost(opened, failure));
            opened.endHandler(ended -> lost(opened, null));
            return opened.send(Request.cmd(Command.CLIENT).arg("TRACKING").arg("ON")).map(ok -> opened);
        }).onSuccess(opened -> {
            connection = opened;
            LOG.info("near cache on: Redis tracks the keys product reads fill it from");
        }).onFailure(failure -> {
            LOG.warnf("near cache off until Redis tracking is back: %s", failure.getMessage());
            retry();
        });
    }

    /** Tracking ended with the connection: whatever is held may have changed unseen. */
    private void lost(RedisConnection which, Throwable failure) {
        if (connection != which) {
            return;
        }
        connection = null;
        entries.invalidateAll();
        LOG.warnf("near cache off: its Redis connection ended (%s); reconnecting",
                failure == null ? "closed" : failure.getMessage());
        which.close();
        retry();
    }

    private void retry() {
        if (!stopped) {
            vertx.setTimer(RECONNECT_MS, id -> connect());
        }
    }
}
