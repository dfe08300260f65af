package io.stockflow.support.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
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

    /** One probe per client id the request was counted against; refused if any of them refused. */
    static Decision of(long limit, List<ConsumptionProbe> probes) {
        boolean allowed = probes.stream().allMatch(ConsumptionProbe::isConsumed);
        long remaining = probes.stream().mapToLong(ConsumptionProbe::getRemainingTokens).min().orElse(limit);
        long reset = probes.stream().mapToLong(p -> seconds(p.getNanosToWaitForReset())).max().orElse(0);
        long retryAfter = probes.stream().filter(p -> !p.isConsumed())
                .mapToLong(p -> Math.max(1, seconds(p.getNanosToWaitForRefill()))).max().orElse(0);
        return new Decision(allowed, true, limit, remaining, reset, retryAfter);
    }

    /** Whole seconds, rounded up: a client that waits that long finds its budget renewed. */
    static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
