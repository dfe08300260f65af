package io.stockflow.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An operation whose refusals (the answers {@code refused} picks, e.g. 503 from load shedding) are
 * counted and timed apart: from the moment the request left to its answer, so a refusal's own latency
 * shows and not the backlog in front of it. The step still counts them as errors, and its latency
 * histogram holds the accepted requests only.
 */
public final class Refusals implements Operation {

    private final Operation operation;
    private final Predicate<Throwable> refused;
    private final Recorder latencies = new Recorder(3);
    private final AtomicLong count = new AtomicLong();

    public Refusals(Operation operation, Predicate<Throwable> refused) {
        this.operation = operation;
        this.refused = refused;
    }

    @Override
    public void fire(Callback callback) {
        long sent = System.nanoTime();
        operation.fire(new Callback() {
            @Override
            public void succeeded() {
                callback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                if (refused.test(cause)) {
                    latencies.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                    count.incrementAndGet();
                }
                callback.failed(cause);
            }
        });
    }

    public long count() {
        return count.get();
    }

    /** The refusals' latencies in microseconds, since the last call. */
    public Histogram latencies() {
        return latencies.getIntervalHistogram();
    }
}
