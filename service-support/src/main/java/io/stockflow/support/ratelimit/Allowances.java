package io.stockflow.support.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This replica's share of its clients' budgets, claimed from the shared count in Redis a block at a
 * time, so a busy client costs one Redis round trip per block rather than one per request (a round
 * trip per request tripled the CPU of a catalog GET). Every claimed block is in the shared count, so
 * all replicas together never allow more than the budget; a block a replica claimed and did not use
 * is lost to the others until the window ends, at most a fiftieth of the budget per replica. A window
 * found spent is refused here until it ends: a client hammering past its budget costs Redis nothing.
 */
final class Allowances {

    /** Past this many clients in memory, requests are counted one by one in Redis. */
    static final int MAX_CLIENTS = 100_000;
    private static final int BLOCKS_PER_BUDGET = 50;

    private final RedisWindows windows;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<String, Allowance> byKey = new ConcurrentHashMap<>();

    Allowances(RedisWindows windows, LongSupplier clockMillis) {
        this.windows = windows;
        this.clockMillis = clockMillis;
    }

    static long block(long budget) {
        return Math.max(1, budget / BLOCKS_PER_BUDGET);
    }

    /**
     * Counts one request of the key's window: complete at once from this replica's block, or after
     * claiming the next block. Fails if Redis does not answer (the caller fails open).
     */
    Future<RedisWindows.Window> take(String key, long budget) {
        Allowance allowance = allowance(key);
        if (allowance == null) {
            return windows.count(key, 1);
        }
        Promise<Void> claiming;
        synchronized (allowance) {
            long now = clockMillis.getAsLong();
            if (allowance.claiming == null && now >= allowance.endsAt) {
                allowance.tokens = 0;
                allowance.spent = false;
            }
            if (allowance.tokens > 0) {
                allowance.tokens--;
                return Future.succeededFuture(new RedisWindows.Window(allowance.counted - allowance.tokens, allowance.endsAt - now));
            }
            if (allowance.spent) {
                return Future.succeededFuture(new RedisWindows.Window(Math.max(allowance.counted, budget + 1), allowance.endsAt - now));
            }
            boolean first = allowance.claiming == null;
            if (first) {
                allowance.claiming = Promise.promise();
            }
            claiming = allowance.claiming;
            if (first) {
                claim(allowance, claiming, key, budget);
            }
        }
        return claiming.future().compose(claimed -> take(key, budget));
    }

    /** Claims the next block; {@code claiming} is in place first, so an answer on this very thread finds it. */
    private void claim(Allowance allowance, Promise<Void> claiming, String key, long budget) {
        long block = block(budget);
        windows.count(key, block).onComplete(result -> {
            synchronized (allowance) {
                allowance.claiming = null;
                if (result.succeeded()) {
                    RedisWindows.Window window = result.result();
                    long granted = Math.max(0, Math.min(block, budget - (window.count() - block)));
                    allowance.tokens = granted;
                    allowance.spent = granted == 0;
                    allowance.counted = window.count();
                    allowance.endsAt = clockMillis.getAsLong() + window.millisLeft();
                }
            }
            claiming.handle(result.mapEmpty());
        });
    }

    private Allowance allowance(String key) {
        Allowance known = byKey.get(key);
        if (known != null) {
            return known;
        }
        if (byKey.size() >= MAX_CLIENTS) {
            long now = clockMillis.getAsLong();
            byKey.values().removeIf(each -> each.endedBy(now));
            if (byKey.size() >= MAX_CLIENTS) {
                return null;
            }
        }
        return byKey.computeIfAbsent(key, k -> new Allowance());
    }

    int clients() {
        return byKey.size();
    }

    private static final class Allowance {
        /** When the window ends, on {@link #clockMillis}; 0 before the first claim. */
        long endsAt;
        /** Requests left of the blocks this replica claimed in the window. */
        long tokens;
        /** The shared count after this replica's last claim: every replica's claims so far. */
        long counted;
        /** The last claim found the budget spent: refuse until the window ends. */
        boolean spent;
        Promise<Void> claiming;

        synchronized boolean endedBy(long now) {
            return claiming == null && now >= endsAt;
        }
    }
}
