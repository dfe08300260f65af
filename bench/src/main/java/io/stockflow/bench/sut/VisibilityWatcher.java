package io.stockflow.bench.sut;

import io.stockflow.bench.load.LatencyRecorder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Times how long a committed change takes to become visible in the catalog's Redis. Subscribed to
 * keyspace notifications of level keys: a notification for a watched key triggers one version read,
 * and a change counts as visible when the stored version reaches the committed one; its latency is
 * notification time minus the change's {@code updatedAt} (stamped in the warehouse transaction just
 * before COMMIT, so this is an upper bound that includes the commit itself). Changes not notified
 * within a second are polled every 20 ms, so a missed notification costs resolution, not the sample.
 * All state lives on one Vert.x context: no locks.
 */
public final class VisibilityWatcher implements AutoCloseable {

    private record Watched(long version, long committedMicros, long registeredNanos) {
    }


    private final Vertx vertx;
    private final Redis redis;
    private final Context context;
    private LatencyRecorder recorder = new LatencyRecorder();
    private final Map<String, List<Watched>> watched = new HashMap<>();
    /** When each key was last notified, kept briefly: a notification can beat the HTTP response. */
    private final Map<String, Long> notified = new HashMap<>();
    private final ArrayDeque<String> notifiedOrder = new ArrayDeque<>();
    private final long timeoutNanos;
    /** A change not seen this long after its response is polled (every 20 ms). */
    private long pollAfterNanos = 0;
    private RedisConnection subscription;
    private long poller = -1;
    private long lost;
    private long seen;
    private boolean notifications;

    public VisibilityWatcher(Vertx vertx, Redis redis, Duration timeout) {
        this.vertx = vertx;
        this.redis = redis;
        this.context = vertx.getOrCreateContext();
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Subscribes to level notifications in {@code db} (Redis must have keyspace notifications for hashes
     * on); without them, pass {@code subscriber} null and every watched change is polled every 20 ms.
     */
    public Future<Boolean> start(Redis subscriber, int db) {
        if (subscriber == null) {
            poller = vertx.setPeriodic(20, id -> context.runOnContext(v -> poll()));
            return Future.succeededFuture(false);
        }
        pollAfterNanos = 1_000_000_000L;
        poller = vertx.setPeriodic(20, id -> context.runOnContext(v -> poll()));
        return subscriber.connect().compose(conn -> {
            subscription = conn;
            conn.handler(message -> {
                long at = nowMicros();
                if (message.size() >= 3 && "pmessage".equals(message.get(0).toString())) {
                    CatalogRedisLayout.levelKeyOfChannel(message.get(2).toString())
                            .ifPresent(key -> context.runOnContext(v -> onNotified(key, at)));
                }
            });
            return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(CatalogRedisLayout.levelNotifications(db)));
        }).map(ok -> notifications = true).recover(e -> {
            System.err.println("    keyspace notifications unavailable, polling instead: " + e);
            return Future.succeededFuture(false);
        });
    }

    public boolean notifications() {
        return notifications;
    }

    /** Watches one committed change. Any thread. */
    public void watch(WarehouseApi.Committed change) {
        long committedMicros = micros(change.updatedAt());
        long registered = System.nanoTime();
        String key = CatalogRedisLayout.levelKey(change.productId(), change.warehouseId());
        context.runOnContext(v -> {
            watched.computeIfAbsent(key, k -> new ArrayList<>(1))
                    .add(new Watched(change.version(), committedMicros, registered));
            Long at = notified.get(key);
            if (at != null && at >= committedMicros) {
                check(key, at);
            }
        });
    }

    private void onNotified(String key, long at) {
        notified.put(key, at);
        notifiedOrder.add(key);
        while (notifiedOrder.size() > 100_000) {
            notified.remove(notifiedOrder.poll());
        }
        if (watched.containsKey(key)) {
            check(key, at);
        }
    }

    /** Reads the stored version; everything watched on the key at or below it became visible at {@code at}. */
    private void check(String key, long at) {
        redis.send(CatalogRedisLayout.readVersion(key)).onSuccess(reply -> context.runOnContext(v -> {
            long version = CatalogRedisLayout.version(reply);
            List<Watched> list = watched.get(key);
            if (list == null) {
                return;
            }
            list.removeIf(w -> {
                if (w.version() <= version) {
                    recorder.record(Math.max(0, at - w.committedMicros()));
                    seen++;
                    return true;
                }
                return false;
            });
            if (list.isEmpty()) {
                watched.remove(key);
            }
        }));
    }

    private void poll() {
        long now = System.nanoTime();
        long at = nowMicros();
        for (Iterator<Map.Entry<String, List<Watched>>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<Watched>> entry = it.next();
            int before = entry.getValue().size();
            entry.getValue().removeIf(w -> now - w.registeredNanos() > timeoutNanos);
            lost += before - entry.getValue().size();
            if (entry.getValue().isEmpty()) {
                it.remove();
            } else if (entry.getValue().stream().anyMatch(w -> now - w.registeredNanos() >= pollAfterNanos)) {
                check(entry.getKey(), at);
            }
        }
    }

    /** Changes still waiting to be seen. */
    public Future<Integer> pending() {
        return onContext(() -> watched.values().stream().mapToInt(List::size).sum());
    }

    /** {seen, lost} since the last {@link #startStep}. */
    public Future<long[]> counts() {
        return onContext(() -> new long[] {seen, lost});
    }

    /** Starts a new measurement: forgets what is still watched, records into {@code next}. */
    public Future<Void> startStep(LatencyRecorder next) {
        return onContext(() -> {
            watched.clear();
            seen = 0;
            lost = 0;
            recorder = next;
            return null;
        });
    }

    private <T> Future<T> onContext(java.util.function.Supplier<T> read) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> promise.complete(read.get()));
        return promise.future();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static long nowMicros() {
        return micros(Instant.now());
    }

    @Override
    public void close() {
        if (poller >= 0) {
            vertx.cancelTimer(poller);
        }
        if (subscription != null) {
            subscription.close();
        }
    }
}
