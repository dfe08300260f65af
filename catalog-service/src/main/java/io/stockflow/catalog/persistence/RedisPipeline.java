package io.stockflow.catalog.persistence;

import io.stockflow.catalog.config.CatalogConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
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

/**
 * Sends many commands in one pipelined round trip. {@link #batch} does not block (request handlers on
 * the event loop); {@link #send} and {@link #sendOne} wait (worker threads). No answer within the
 * timeout, or no connection, fails with {@link RedisUnavailableException}; a command Redis refused
 * fails with its error reply, as before.
 * <p>
 * Built on Vert.x futures rather than Mutiny: a single product read would pay more for Mutiny's
 * context-propagation wrapper around each callback, and for a timeout timer in the worker pool's
 * scheduler, than for the rest of its work; {@link Future#timeout} is a timer on the event loop.
 */
@ApplicationScoped
public class RedisPipeline {

    /** Error replies that say "not now" rather than "wrong command": the same request may succeed later. */
    private static final List<String> TRANSIENT_ERRORS = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN");

    private final Redis redis;
    private final Duration timeout;

    RedisPipeline(Redis redis, CatalogConfig config) {
        this.redis = redis;
        this.timeout = config.cache().redisTimeout();
    }

    /** The replies in request order, without blocking; fails as a whole if any command failed. */
    public Future<List<Response>> batch(List<Request> requests) {
        if (requests.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return guard(redis.batch(requests), requests.size());
    }

    /** The replies in request order; fails as a whole if any command failed. */
    public List<Response> send(List<Request> requests) {
        return await(batch(requests));
    }

    public Response sendOne(Request request) {
        return await(guard(redis.send(request), 1));
    }

    private <T> Future<T> guard(Future<T> call, int commands) {
        return call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).recover(failure -> {
            if (failure instanceof TimeoutException) {
                return Future.failedFuture(new RedisUnavailableException(
                        "Redis did not answer " + commands + " command(s) within " + timeout.toMillis() + " ms", failure));
            }
            return Future.failedFuture(unavailable(failure)
                    ? new RedisUnavailableException("Redis is unavailable: " + failure.getMessage(), failure)
                    : failure);
        });
    }

    /** Anything but an error reply (connection refused or closed, pool exhausted), or a transient one. */
    private static boolean unavailable(Throwable failure) {
        if (!(failure instanceof Response reply && reply.type() == ResponseType.ERROR)) {
            return true;
        }
        String message = String.valueOf(failure.getMessage());
        return TRANSIENT_ERRORS.stream().anyMatch(message::startsWith);
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
