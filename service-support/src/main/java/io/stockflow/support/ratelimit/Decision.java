package io.stockflow.support.ratelimit;

import java.util.List;

/**
 * What the limiter made of one request: allowed or not, and what the RateLimit-* headers say
 * (IETF draft "RateLimit header fields for HTTP"): the budget of the window, what is left of it,
 * seconds until it is granted afresh; for a refusal, Retry-After seconds. {@link #unchecked()}:
 * Redis did not answer and the request passed without a count (no headers then).
 */
public record Decision(boolean allowed, boolean checked, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    private static final Decision UNCHECKED = new Decision(true, false, 0, 0, 0, 0);

    public static Decision unchecked() {
        return UNCHECKED;
    }

    /** One window per client id the request was counted against; refused if any of them is over budget. */
    static Decision of(long limit, List<RedisWindows.Window> windows) {
        boolean allowed = windows.stream().allMatch(w -> w.count() <= limit);
        long remaining = windows.stream().mapToLong(w -> Math.max(0, limit - w.count())).min().orElse(limit);
        long reset = windows.stream().mapToLong(w -> seconds(w.millisLeft())).max().orElse(0);
        long retryAfter = windows.stream().filter(w -> w.count() > limit)
                .mapToLong(w -> Math.max(1, seconds(w.millisLeft()))).max().orElse(0);
        return new Decision(allowed, true, limit, remaining, reset, retryAfter);
    }

    /** Whole seconds, rounded up: a client that waits that long finds its budget renewed. */
    static long seconds(long millis) {
        return (Math.max(0, millis) + 999) / 1000;
    }
}
