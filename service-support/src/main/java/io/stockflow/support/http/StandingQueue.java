package io.stockflow.support.http;

import java.util.function.LongSupplier;

/**
 * Tells a standing queue from a burst, after CoDel (Nichols and Jacobson, "Controlling Queue Delay",
 * ACM Queue 2012) as Facebook applies it to request queues ("Fail at Scale", ACM Queue 2015): a queue
 * that some command left within {@code target} of waiting, once every {@code interval}, is draining and
 * absorbs a burst (a JIT or GC stall, a spike); one whose shortest wait over a whole interval exceeded
 * the target is not, and only grows. While it stands, the caller refuses new commands at once rather
 * than let every one of them wait. A bound on the queue's length alone cannot tell the two apart.
 */
final class StandingQueue {

    private final long targetNanos;
    private final long intervalNanos;
    private final LongSupplier clock;

    private long intervalStart;
    private long shortestWait = Long.MAX_VALUE;
    private boolean standing;

    StandingQueue(long targetNanos, long intervalNanos, LongSupplier clock) {
        if (targetNanos <= 0 || intervalNanos < targetNanos) {
            throw new IllegalArgumentException("the target must be positive and no longer than the interval");
        }
        this.targetNanos = targetNanos;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.intervalStart = clock.getAsLong();
    }

    /** A command left the queue for a worker after waiting {@code waitNanos} (so the queue moves: nothing is stuck). */
    synchronized void left(long waitNanos) {
        roll(clock.getAsLong(), 0);
        shortestWait = Math.min(shortestWait, waitNanos);
    }

    /**
     * Whether the queue stood through the last whole interval. {@code waiting} is how many wait now: a
     * queue nothing left all interval stands if any command still waits in it (every worker stuck).
     */
    synchronized boolean standing(int waiting) {
        roll(clock.getAsLong(), waiting);
        return standing;
    }

    private void roll(long now, int waiting) {
        if (now - intervalStart < intervalNanos) {
            return;
        }
        // verdicts are taken lazily: past two intervals, the last whole one saw nothing leave
        boolean nothingLeft = shortestWait == Long.MAX_VALUE || now - intervalStart >= 2 * intervalNanos;
        standing = nothingLeft ? waiting > 0 : shortestWait > targetNanos;
        intervalStart = now;
        shortestWait = Long.MAX_VALUE;
    }
}
