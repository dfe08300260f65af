package io.stockflow.catalog.persistence;

import io.stockflow.catalog.config.CatalogConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends many commands in one pipelined round trip (on a Redis Cluster, one per slot, all at once:
 * {@link SlotBatches}). {@link #batch} does not block (request handlers on the event loop); {@link #send}
 * and {@link #sendOne} wait (worker threads). No answer within the timeout, or no connection, fails with
 * {@link RedisUnavailableException}; a command Redis refused fails with its error reply, as before.
 * <p>
 * Built on Vert.x futures rather than Mutiny: a single product read would pay more for Mutiny's
 * context-propagation wrapper around each callback, and for a timeout timer in the worker pool's
 * scheduler, than for the rest of its work; {@link Future#timeout} is a timer on the event loop.
 */
@ApplicationScoped
public class RedisPipeline {

    /** Error replies that say "not now" rather than "wrong command": the same request may succeed later. */
    private static final List<String> TRANSIENT_ERRORS = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN",
            "MOVED", "ASK");
    /** How the client prefixes the error of a batch's command: {@code ERR [index] }. */
    private static final Pattern BATCH_ERROR = Pattern.compile("^ERR \\[\\d+] ");
    /**
     * A batch's command that never got a reply: the client turns the failure into an error reply too,
     * {@code ERR [i] CONNECTION_CLOSED} or {@code ERR [i] java.net.SocketException: Connection reset}
     * (a Java exception's text, qualified class name first), as when a node dies under the batch.
     */
    private static final Pattern LOST_CONNECTION = Pattern.compile("^(CONNECTION_CLOSED|[a-z]\\w*(\\.\\w+)*\\.[A-Z][\\w$]*(:|$))",
            Pattern.MULTILINE);

    private final Redis redis;
    private final Duration timeout;
    /** On a Redis Cluster only. */
    private final SlotBatches slots;

    RedisPipeline(Redis redis, Vertx vertx, CatalogConfig config,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.timeout = config.cache().redisTimeout();
        this.slots = clusterClient(clientType) ? new SlotBatches(redis, vertx) : null;
    }

    /** Whether the client type ({@code quarkus.redis.client-type}, REDIS_CLIENT_TYPE) is a Redis Cluster's. */
    public static boolean clusterClient(String clientType) {
        return "cluster".equalsIgnoreCase(clientType);
    }

    /** Whether Redis is a cluster: a pipeline goes slot by slot, a script is cached per node. */
    public boolean cluster() {
        return slots != null;
    }

    /** The replies in request order, without blocking; fails as a whole if any command failed. */
    public Future<List<Response>> batch(List<Request> requests) {
        if (requests.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return guard(slots != null ? slots.batch(requests) : redis.batch(requests), requests.size() + " command(s)");
    }

    /** The replies in request order; fails as a whole if any command failed. */
    public List<Response> send(List<Request> requests) {
        return await(batch(requests));
    }

    /**
     * Like {@link #send}, returning only once {@code replicas} replicas hold the writes: a {@code WAIT}
     * follows them on the connection that sent them (on a cluster, each slot's batch on its master). Fewer
     * within {@code timeout} fails as unavailable: the writes stand on the master but may not survive it.
     */
    public List<Response> sendReplicated(List<Request> requests, int replicas, Duration timeout) {
        if (replicas <= 0 || requests.isEmpty()) {
            return send(requests);
        }
        Request wait = Request.cmd(Command.WAIT).arg(replicas).arg(Math.max(1, timeout.toMillis()));
        List<Response> replies = await(guard(slots != null ? slots.batch(requests, wait) : redis.batch(withTail(requests, wait)),
                requests.size() + " command(s) and their WAIT"));
        for (Response acks : replies.subList(requests.size(), replies.size())) {
            if (acks.toInteger() < replicas) {
                throw new RedisUnavailableException("Redis wrote, but " + acks.toInteger() + " of the " + replicas
                        + " replica(s) asked for held the writes within " + timeout.toMillis() + " ms", null);
            }
        }
        return replies.subList(0, requests.size());
    }

    static List<Request> withTail(List<Request> requests, Request tail) {
        List<Request> all = new ArrayList<>(requests.size() + 1);
        all.addAll(requests);
        all.add(tail);
        return all;
    }

    public Response sendOne(Request request) {
        return await(guard(redis.send(request), "1 command"));
    }

    private <T> Future<T> guard(Future<T> call, String commands) {
        return call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).recover(failure -> {
            if (failure instanceof TimeoutException) {
                return Future.failedFuture(new RedisUnavailableException(
                        "Redis did not answer " + commands + " within " + timeout.toMillis() + " ms", failure));
            }
            return Future.failedFuture(unavailable(failure)
                    ? new RedisUnavailableException("Redis is unavailable: " + failure.getMessage(), failure)
                    : failure);
        });
    }

    /**
     * Anything but an error reply (connection refused or closed, pool exhausted), or a transient one: a
     * server loading or busy, a cluster's slot moving or not served for the moment of a failover, or a
     * batch whose connection was lost before its replies came.
     */
    static boolean unavailable(Throwable failure) {
        if (!(failure instanceof Response reply && reply.type() == ResponseType.ERROR)) {
            return true;
        }
        String message = BATCH_ERROR.matcher(String.valueOf(failure.getMessage())).replaceFirst("");
        return TRANSIENT_ERRORS.stream().anyMatch(message::startsWith) || LOST_CONNECTION.matcher(message).lookingAt();
    }

    private static <T> T await(Future<T> future) {
        if (Context.isOnEventLoopThread()) {
            // the reply would be read by this very thread: it would wait for ever
            throw new IllegalStateException("a blocking Redis call on an event loop thread");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e; // an error reply (not a RuntimeException); the message names it, e.g. NOSCRIPT
        }
    }

    /** A hash reply (HGETALL) as a map; empty when the key does not exist. RESP2 and RESP3 alike. */
    public static Map<String, String> hash(Response reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply == null || reply.size() == 0) {
            return fields;
        }
        if (reply.isMap()) {
            for (String key : reply.getKeys()) {
                fields.put(key, reply.get(key).toString());
            }
        } else {
            List<Response> flat = new ArrayList<>();
            reply.forEach(flat::add);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
            }
        }
        return fields;
    }
}
