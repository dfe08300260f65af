package io.stockflow.catalog.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.support.redis.RedisLiveness;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.stock.StockKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Products as a single read serves them, held in the catalog's memory and kept true by Redis itself
 * (server-assisted client-side caching): the reads that fill it go over one connection with
 * {@code CLIENT TRACKING ON REDIRECT} to a second one subscribed to {@code __redis__:invalidate}, and
 * Redis publishes there the keys read over the first whenever they change, expire or are flushed; the
 * product then leaves the cache. (Not RESP3's in-band pushes: the Vert.x 4.5 client hands a push that
 * arrives while a request waits to the push handler and drops that request's reply slot.) A hit costs no
 * Redis round trip. The catalog's own writes also evict at once, so a write is visible to the next
 * read of the same replica; another replica sees it when Redis's invalidation arrives (well under a
 * millisecond here, next to tens of milliseconds from commit to Redis).
 *
 * <p>A fill races the invalidations: it puts a token first and replaces only that token with the
 * product, so an invalidation that arrives between the read and its reply (which removes the token)
 * leaves nothing stale behind. While either connection is down nothing is cached or served.
 *
 * <p>Off on a Redis Cluster (and whenever Redis is not one node): tracking is per node and REDIRECT only
 * reaches a client of the same node, so it would take a read and an invalidation connection per master,
 * reads routed to them by slot, and every entry dropped at any topology change (a promoted replica
 * tracks nothing its old master was asked). The Vert.x cluster client routes by slot itself and exposes
 * neither its node connections nor its slot map, so that would mean a second cluster client of our
 * own; without it a product read costs its one pipelined round trip, as with the near cache disabled.
 */
@ApplicationScoped
public class NearCache {

    private static final Logger LOG = Logger.getLogger(NearCache.class);
    private static final long RECONNECT_MS = 1000;
    private static final String INVALIDATIONS = "__redis__:invalidate";

    /**
     * The two connections of one tracking session, from a client of their own: closing it closes both
     * for good (a pooled connection would be handed out again, still tracking or subscribed).
     */
    private record Session(Redis client, RedisConnection reads, RedisConnection invalidations) {
        void close() {
            client.close();
        }
    }

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
                fallbacks.increment();
                tracked = false;
                entries.asMap().remove(productId, token);
                return pipeline.batch(requests);
            });
        }

        /** Takes the token back if it is still there: the read ended without anything to keep. */
        public void cancel() {
            entries.asMap().remove(productId, token);
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
    /** The catalog's connect timeout, and no read idle timeout: the subscriber reads nothing between invalidations. */
    private final RedisLiveness liveness;
    private final Counter invalidations;
    private final Counter fallbacks;
    private volatile Session session;
    private volatile boolean stopped;
    /** Told the product of every key Redis says changed (read-your-writes waits); none by default. */
    private volatile java.util.function.Consumer<String> changes = productId -> {
    };

    NearCache(CatalogConfig config, Vertx vertx, RedisPipeline pipeline, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> redisHosts,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        // one node only: see the class comment for a cluster (or sentinel: its hosts are not the data's)
        this.enabled = config.nearCache().enabled() && redisHosts.size() == 1 && "standalone".equalsIgnoreCase(clientType);
        this.entries = Caffeine.newBuilder().maximumSize(config.nearCache().maxProducts()).build();
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.redisUrl = redisHosts.get(0);
        this.timeoutMs = config.cache().redisTimeout().toMillis();
        this.liveness = new RedisLiveness(config.cache().redisConnectTimeout(), Duration.ZERO, "the near cache's read idle timeout");
        this.invalidations = Counter.builder("catalog.near_cache.invalidations")
                .description("products removed from the near cache because Redis said a key of theirs changed")
                .register(registry);
        this.fallbacks = Counter.builder("catalog.near_cache.fallbacks")
                .description("fills the tracking connection did not answer (read over the pool instead)")
                .register(registry);
        Gauge.builder("catalog.near_cache.products", entries, Cache::estimatedSize)
                .description("products held in the near cache").register(registry);
    }

    void start(@Observes StartupEvent started) {
        if (enabled) {
            connect();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        Session current = session;
        session = null;
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
        Session current = session;
        return current == null ? null : new Fill(productId, current.reads());
    }

    /** Whether a fill of the product waits for its reads and no invalidation has come since. */
    boolean filling(String productId) {
        Object held = entries.getIfPresent(productId);
        return held != null && !(held instanceof Entry);
    }

    /**
     * Sends over the tracking connection, so that Redis will say (to {@link #onChange}'s listener) when a
     * key read changes, through whichever replica; null while there is none.
     */
    public Future<List<Response>> sendTracked(List<Request> requests) {
        Session current = session;
        return current == null ? null : current.reads().batch(requests).timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Whom to tell the product of each key Redis says changed. */
    public void onChange(java.util.function.Consumer<String> listener) {
        this.changes = listener;
    }

    /** Whether Redis tracks the reads now (so they are kept). */
    public boolean tracking() {
        return session != null;
    }

    /** After this replica wrote a key of the product: the next read goes to Redis. */
    public void evict(String productId) {
        entries.invalidate(productId);
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** A message on the invalidation channel: the changed keys, or none (nil) for a flush. */
    void onMessage(Response message) {
        if (message.size() != 3 || !"message".equals(message.get(0).toString())
                || !INVALIDATIONS.equals(message.get(1).toString())) {
            return;
        }
        Response keys = message.get(2);
        if (keys == null || keys.type() != ResponseType.MULTI) {
            entries.invalidateAll();
            return;
        }
        java.util.function.Consumer<String> listener = changes;
        for (Response key : keys) {
            String productId = StockKeys.productOf(key.toString());
            if (productId != null && entries.asMap().remove(productId) != null) {
                invalidations.increment();
            }
            if (productId != null) {
                listener.accept(productId);
            }
        }
    }

    /** Subscribes first, then turns tracking on for the reads, redirected to the subscriber. */
    private void connect() {
        Redis client = Redis.createClient(vertx, liveness.applyTo(new RedisOptions().setConnectionString(redisUrl)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxPoolSize(2)));
        client.connect().compose(subscriber -> client.connect()
                .compose(reads -> {
                    Session opened = new Session(client, reads, subscriber);
                    subscriber.handler(this::onMessage);
                    for (RedisConnection each : List.of(reads, subscriber)) {
                        each.exceptionHandler(failure -> lost(opened, failure));
                        each.endHandler(ended -> lost(opened, null));
                    }
                    return subscriber.send(Request.cmd(Command.CLIENT).arg("ID"))
                            .compose(id -> subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(INVALIDATIONS))
                                    .compose(subscribed -> reads.send(Request.cmd(Command.CLIENT).arg("TRACKING")
                                            .arg("ON").arg("REDIRECT").arg(id.toLong()))))
                            .map(ok -> opened);
                }))
                .onSuccess(opened -> {
                    session = opened;
                    LOG.info("near cache on: Redis tracks the keys product reads fill it from");
                }).onFailure(failure -> {
                    client.close();
                    LOG.warnf("near cache off until Redis tracking is back: %s", failure.getMessage());
                    retry();
                });
    }

    /** Tracking ended with a connection: whatever is held may have changed unseen. */
    private void lost(Session which, Throwable failure) {
        if (session != which) {
            return;
        }
        session = null;
        entries.invalidateAll();
        LOG.warnf("near cache off: a Redis connection of it ended (%s); reconnecting",
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
