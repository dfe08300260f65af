package io.stockflow.support.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.consts.LuaScripts;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's compare-and-swap buckets over the Vert.x Redis client Quarkus runs on: a GET of the
 * bucket's state, then (when a request changed it) Bucket4j's own compare-and-swap Lua script.
 * Bucket4j ships this for Lettuce, Jedis and Redisson; its Vert.x module (8.17+) is not served by
 * our registry, and a second Redis client with its own event loops is not worth it. Asynchronous
 * only: it is called on the event loop, which must never wait.
 */
final class VertxRedisProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    private final Redis redis;
    private final ExpirationAfterWriteStrategy expiration;

    VertxRedisProxyManager(Redis redis, ExpirationAfterWriteStrategy expiration) {
        super(ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(expiration));
        this.redis = redis;
        this.expiration = expiration;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return send(Request.cmd(Command.GET).arg(key)).thenApply(state -> Optional.ofNullable(state).map(Response::toBytes));
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                    Optional<Long> timeoutNanos) {
                long ttlMillis = expiration.calculateTimeToLiveMillis(newState, currentTimeNanos());
                Request script;
                if (originalData == null) {
                    script = eval(ttlMillis > 0 ? LuaScripts.SCRIPT_SET_NX_PX : LuaScripts.SCRIPT_SET_NX, key).arg(newData);
                } else {
                    script = eval(ttlMillis > 0 ? LuaScripts.SCRIPT_COMPARE_AND_SWAP_PX : LuaScripts.SCRIPT_COMPARE_AND_SWAP, key)
                            .arg(originalData).arg(newData);
                }
                if (ttlMillis > 0) {
                    script.arg(ttlMillis);
                }
                return send(script).thenApply(swapped -> swapped != null && swapped.toInteger() == 1);
            }
        };
    }

    private static Request eval(String script, String key) {
        return Request.cmd(Command.EVAL).arg(script).arg(1).arg(key);
    }

    private CompletableFuture<Response> send(Request request) {
        return redis.send(request).toCompletionStage().toCompletableFuture();
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return send(Request.cmd(Command.DEL).arg(key)).thenApply(deleted -> null);
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("asynchronous only: a blocking call here would stall an event loop");
    }

    @Override
    public void removeProxy(String key) {
        throw new UnsupportedOperationException("asynchronous only: use asAsync()");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }
}
