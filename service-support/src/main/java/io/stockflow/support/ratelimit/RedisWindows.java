package io.stockflow.support.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Request counters in Redis, one per service, scope and client ({@link RateLimitKeys}): a fixed
 * window that starts with the client's first request and ends when the key expires. Counting is one
 * script, one round trip, atomic: increment, and start the window if the key has no expiry yet.
 * (Bucket4j's Redis buckets were measured first: a GET and a compare-and-swap script per request,
 * retried on every conflict, so one busy client's concurrent requests collapsed its throughput; see
 * README.md, "Rate limiting".)
 */
final class RedisWindows {

    /** KEYS[1] the counter, ARGV[1] the window in ms, ARGV[2] how many to count; returns {count, ms left in the window}. */
    private static final String COUNT = """
            local count = redis.call('INCRBY', KEYS[1], ARGV[2])
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              left = tonumber(ARGV[1])
            end
            return {count, left}
            """;

    private final Redis redis;
    private final Vertx vertx;
    private final Function<String, RedisOptions> options;
    private final boolean cluster;
    private final String windowMillis;
    private final Duration timeout;

    /** {@code options} of the counters' Redis (argument null), or of one node of it (its URL). */
    RedisWindows(Vertx vertx, Function<String, RedisOptions> options, Duration window, Duration timeout) {
        this(Redis.createClient(vertx, options.apply(null)), vertx, options, window, timeout);
    }

    /** Over a client of one Redis node. */
    RedisWindows(Redis redis, Vertx vertx, Duration window, Duration timeout) {
        this(redis, vertx, null, window, timeout);
    }

    private RedisWindows(Redis redis, Vertx vertx, Function<String, RedisOptions> options, Duration window, Duration timeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.options = options;
        this.cluster = options != null && options.apply(null).getType() == RedisClientType.CLUSTER;
        this.windowMillis = Long.toString(window.toMillis());
        this.timeout = timeout;
    }

    /** Counts {@code requests} more requests of the key's window; fails past the timeout. */
    Future<Window> count(String key, long requests) {
        return within(redis.send(Request.cmd(Command.EVAL).arg(COUNT).arg(1).arg(key).arg(windowMillis).arg(requests))
                .map(reply -> new Window(reply.get(0).toLong(), reply.get(1).toLong())), timeout);
    }

    /** The source, or a failure after the timeout, on a Vert.x timer. */
    <T> Future<T> within(Future<T> source, Duration limit) {
        Promise<T> bounded = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, limit.toMillis()),
                fired -> bounded.tryFail(new TimeoutException("no answer from Redis within " + limit)));
        source.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                bounded.tryComplete(result.result());
            } else {
                bounded.tryFail(result.cause());
            }
        });
        return bounded.future();
    }

    /** Connects (and loads the code path) ahead of the first request. */
    Future<Response> ping() {
        return redis.send(Request.cmd(Command.PING));
    }

    /**
     * Every key matching the pattern (at most {@code max}) with its window, one SCAN page and one batch of
     * reads at a time. On a Redis Cluster, SCAN sees one node's keys (and the client sends it to any
     * node): each master is scanned in turn over a client of its own, its keys read on it.
     */
    Future<List<Counted>> all(String pattern, int max) {
        if (!cluster) {
            return page(redis, "0", pattern, max, new ArrayList<>());
        }
        return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).compose(slots -> {
            Set<String> masters = new LinkedHashSet<>();
            for (Response range : slots) {
                Response master = range.get(2); // [start, end, [host, port, id], replicas...]
                masters.add(master.get(0) + ":" + master.get(1));
            }
            Future<List<Counted>> all = Future.succeededFuture(new ArrayList<>());
            for (String master : masters) {
                all = all.compose(found -> found.size() >= max ? Future.succeededFuture(found) : onNode(master, pattern, max, found));
            }
            return all;
        });
    }

    private Future<List<Counted>> onNode(String hostPort, String pattern, int max, List<Counted> found) {
        // the node's URL: the configured one's scheme and credentials, the address the cluster announces
        String seed = options.apply(null).getEndpoint();
        int at = seed.indexOf('@');
        String prefix = at >= 0 ? seed.substring(0, at + 1) : seed.substring(0, seed.indexOf("//") + 2);
        Redis node = Redis.createClient(vertx, options.apply(prefix + hostPort));
        return page(node, "0", pattern, max, found).andThen(done -> node.close());
    }

    private Future<List<Counted>> page(Redis redis, String cursor, String pattern, int max, List<Counted> found) {
        return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(500))
                .compose(page -> {
                    List<String> keys = new ArrayList<>();
                    for (Response key : page.get(1)) {
                        if (found.size() + keys.size() < max) {
                            keys.add(key.toString());
                        }
                    }
                    String next = page.get(0).toString();
                    return read(redis, keys, found).compose(all -> next.equals("0") || all.size() >= max
                            ? Future.succeededFuture(all)
                            : page(redis, next, pattern, max, all));
                });
    }

    private Future<List<Counted>> read(Redis redis, List<String> keys, List<Counted> found) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(found);
        }
        List<Request> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(Request.cmd(Command.GET).arg(key));
            reads.add(Request.cmd(Command.PTTL).arg(key));
        }
        return redis.batch(reads).map(replies -> {
            for (int i = 0; i < keys.size(); i++) {
                Response count = replies.get(2 * i);
                long left = replies.get(2 * i + 1).toLong();
                if (count != null && left > 0) { // gone, or expiring, between the SCAN and the reads
                    found.add(new Counted(keys.get(i), new Window(count.toLong(), left)));
                }
            }
            return found;
        });
    }

    void close() {
        redis.close();
    }

    /** A client's window: requests counted in it so far (refused ones too), milliseconds until it ends. */
    record Window(long count, long millisLeft) {
    }

    record Counted(String key, Window window) {
    }
}
