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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times how long a committed change takes to become visible in the catalog's Redis. Subscribed to
 * keyspace notifications of level keys: a notification for a watched key triggers one version read,
 * and a change counts as visible when the stored version reaches the committed one; its latency is
 * notification time minus the change's {@code updatedAt} (stamped in the warehouse transaction just
 * before COMMIT, so this is an upper bound that includes the commit itself). A change not notified
 * within a second is polled once a second, so a missed notification costs resolution, not the sample.
 *
 * <p>The watcher must stay cheap when the system falls behind, or it would take the CPU the
 * measured system needs and turn a lag into a collapse: reads go over one pipelined connection, a
 * key has at most one read in flight (notifications arriving meanwhile are folded into one
 * re-read), and the safety-net polls walk a due-time queue with a budget per tick instead of
 * scanning everything watched. All state lives on one Vert.x context: no locks.
 */
public final class VisibilityWatcher implements AutoCloseable {

    private record Watched(long version, long committedMicros, long registeredNanos) {
    }

    private record Due(String key, long atNanos) {
    }

    private static final long TICK_MS = 20;
    /** Safety-net reads per tick at most (2,500 a second): the poll must never outgrow the load. */
    static final int POLL_BUDGET = 50;

    private final Vertx vertx;
    private final Redis redis;
    private final Context context;
    private LatencyRecorder recorder = new LatencyRecorder();
    private final Map<String, List<Watched>> watched = new HashMap<>();
    /** When each key was last notified, kept briefly: a notification can beat the HTTP response. */
    private final Map<String, Long> notified = new HashMap<>();
    private final ArrayDeque<String> notifiedOrder = new ArrayDeque<>();
    /** Watched keys in the order they are due for a safety-net read. */
    private final ArrayDeque<Due> due = new ArrayDeque<>();
    /** Keys with a read in flight, and the latest notification that arrived during it. */
    private final Set<String> reading = new HashSet<>();
    private final Map<String, Long> rereads = new HashMap<>();
    private final long timeoutNanos;
    /** How long a change waits for its notification before it is polled, and how often after. */
    private long pollEveryNanos = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    private RedisConnection reader;
    private RedisConnection subscription;
    private long poller = -1;
    private long lost;
    private long seen;

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
        Future<RedisConnection> connected = redis.connect().onSuccess(conn -> reader = conn);
        if (subscriber == null) {
            return connected.onSuccess(conn -> startPolling()).map(false);
        }
        return connected.compose(ignored -> subscriber.connect()).compose(conn -> {
            subscription = conn;
            conn.handler(message -> {
                long at = nowMicros();
                if (message.size() >= 3 && "pmessage".equals(message.get(0).toString())) {
                    CatalogRedisLayout.levelKeyOfChannel(message.get(2).toString())
                            .ifPresent(key -> context.runOnContext(v -> onNotified(key, at)));
                }
            });
            return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(CatalogRedisLayout.levelNotifications(db)));
        }).map(ok -> {
            pollEveryNanos = TimeUnit.SECONDS.toNanos(1);
            startPolling();
            return true;
        }).recover(e -> {
            if (reader == null) {
                return Future.failedFuture(e);
            }
            System.err.println("    keyspace notifications unavailable, polling instead: " + e);
            startPolling();
            return Future.succeededFuture(false);
        });
    }

    private void startPolling() {
        poller = vertx.setPeriodic(TICK_MS, id -> context.runOnContext(v -> poll()));
    }

    /** Watches one committed change. Any thread. */
    public void watch(WarehouseApi.Committed change) {
        long committedMicros = micros(change.updatedAt());
        long registered = System.nanoTime();
        String key = CatalogRedisLayout.levelKey(change.productId(), change.warehouseId());
        context.runOnContext(v -> {
            List<Watched> list = watched.get(key);
            if (list == null) {
                list = new ArrayList<>(1);
                watched.put(key, list);
                due.add(new Due(key, registered + pollEveryNanos));
            }
            list.add(new Watched(change.version(), committedMicros, registered));
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
        if (!reading.add(key)) {
            rereads.merge(key, at, Math::max); // one more read once the one in flight answers
            return;
        }
        reader.send(CatalogRedisLayout.readVersion(key)).onComplete(reply -> context.runOnContext(v -> {
            reading.remove(key);
            if (reply.succeeded()) {
                seen(key, CatalogRedisLayout.version(reply.result()), at);
            }
            Long again = rereads.remove(key);
            if (again != null && watched.containsKey(key)) {
                check(key, again);
            }
        }));
    }

    private void seen(String key, long version, long at) {
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
    }

    /** The safety net: reads keys whose notification is late, oldest first, a bounded number per tick. */
    private void poll() {
        long now = System.nanoTime();
        long at = nowMicros();
        for (int budget = POLL_BUDGET; budget > 0 && !due.isEmpty() && due.peek().atNanos() - now <= 0; ) {
            String key = due.poll().key();
            List<Watched> list = watched.get(key);
            if (list == null) {
                continue; // seen meanwhile
            }
            int before = list.size();
            list.removeIf(w -> now - w.registeredNanos() > timeoutNanos);
            lost += before - list.size();
            if (list.isEmpty()) {
                watched.remove(key);
                continue;
            }
            check(key, at);
            due.add(new Due(key, now + pollEveryNanos));
            budget--;
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
            due.clear();
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
        if (reader != null) {
            reader.close();
        }
    }
}
