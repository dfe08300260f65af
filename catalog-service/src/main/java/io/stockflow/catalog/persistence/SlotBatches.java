package io.stockflow.catalog.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.RequestImpl;
import io.vertx.redis.client.impl.ZModem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A pipeline on a Redis Cluster: the Vert.x cluster client sends a batch to one node and refuses one
 * whose keys live on different nodes, so the requests are split by hash slot (every key of a product
 * carries its {@code {productId}} tag: one product, one slot) and each slot's requests go as one batch,
 * all over one cluster connection at once (pipelined on the node connections it holds), the replies put
 * back in request order. Grouping by slot rather than node keeps each group valid whatever the topology
 * does meanwhile: a failover moves a slot whole. The slot is Vert.x's own computation (its request keys
 * and CRC16), so both agree on where a key goes.
 * <p>
 * The client follows MOVED for a single command but not within a batch (Vert.x 4.5 reports a batch's
 * error as {@code ERR [index] MOVED ...}, which its redirect check does not recognise), so a slot's batch
 * refused because the slot moved, or is not served for the moment of a failover, goes again after a
 * pause; by then the client has re-read the slot map (every second). The catalog's pipelines are
 * idempotent (reads, SETs of whole values, the apply script), so sending one again is safe.
 */
final class SlotBatches {

    /** The slot of a request without keys: it may go anywhere. */
    private static final int ANYWHERE = -1;
    /** Refusals that a later attempt on the re-read slot map gets past. */
    private static final Pattern MOVING = Pattern.compile("^(ERR \\[\\d+] )?(MOVED|ASK|CLUSTERDOWN|TRYAGAIN) .*", Pattern.DOTALL);
    private static final long FIRST_PAUSE_MS = 50;
    /** 50 + 100 + ... + 1600 ms: past a slot map refresh and a replica's promotion (the caller's timeout still bounds it). */
    private static final int ATTEMPTS = 7;

    private final Redis redis;
    private final Vertx vertx;

    SlotBatches(Redis redis, Vertx vertx) {
        this.redis = redis;
        this.vertx = vertx;
    }

    /** The replies in request order; fails as a whole if any slot's batch failed (the others may have run). */
    Future<List<Response>> batch(List<Request> requests) {
        return batch(requests, null);
    }

    /**
     * As {@link #batch(List)}, with {@code tail} (a keyless command, such as WAIT) sent last in every
     * slot's batch, so on the same node connection after that slot's requests; its replies, one per
     * slot batch, follow the requests' replies.
     */
    Future<List<Response>> batch(List<Request> requests, Request tail) {
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            bySlot.computeIfAbsent(slot(requests.get(i)), s -> new ArrayList<>()).add(i);
        }
        if (bySlot.size() == 1) {
            // one product (a single read, most writes): as on one node
            List<Request> batch = tail == null ? requests : RedisPipeline.withTail(requests, tail);
            return retried(() -> redis.batch(batch), 1);
        }
        return redis.connect().compose(connection -> send(connection, requests, tail, bySlot)
                .andThen(done -> connection.close()));
    }

    private Future<List<Response>> send(RedisConnection connection, List<Request> requests, Request tail,
            Map<Integer, List<Integer>> bySlot) {
        List<List<Integer>> groups = List.copyOf(bySlot.values());
        List<Future<List<Response>>> sent = new ArrayList<>(groups.size());
        for (List<Integer> group : groups) {
            List<Request> batch = new ArrayList<>(group.size() + 1);
            group.forEach(i -> batch.add(requests.get(i)));
            if (tail != null) {
                batch.add(tail);
            }
            sent.add(retried(() -> connection.batch(batch), 1));
        }
        // join, not all: the connection goes back to its pool only once every batch has its replies
        return Future.join(sent).map(all -> {
            Response[] replies = new Response[requests.size() + (tail == null ? 0 : groups.size())];
            for (int g = 0; g < groups.size(); g++) {
                List<Response> groupReplies = all.resultAt(g);
                List<Integer> group = groups.get(g);
                for (int k = 0; k < group.size(); k++) {
                    replies[group.get(k)] = groupReplies.get(k);
                }
                if (tail != null) {
                    replies[requests.size() + g] = groupReplies.get(group.size());
                }
            }
            return Arrays.asList(replies);
        });
    }

    private Future<List<Response>> retried(Supplier<Future<List<Response>>> batch, int attempt) {
        return batch.get().recover(failure -> {
            if (attempt >= ATTEMPTS || !moving(failure)) {
                return Future.failedFuture(failure);
            }
            long pause = FIRST_PAUSE_MS << (attempt - 1);
            return Future.<Void>future(p -> vertx.setTimer(pause, t -> p.complete()))
                    .compose(paused -> retried(batch, attempt + 1));
        });
    }

    /** Whether the failure is a slot moving or not served for the moment, rather than a refused command. */
    static boolean moving(Throwable failure) {
        return failure instanceof Response && MOVING.matcher(String.valueOf(failure.getMessage())).matches();
    }

    /** The cluster slot of the request's first key (the catalog never sends one spanning slots). */
    static int slot(Request request) {
        List<byte[]> keys = ((RequestImpl) request).keys();
        return keys.isEmpty() ? ANYWHERE : ZModem.generate(keys.get(0));
    }
}
