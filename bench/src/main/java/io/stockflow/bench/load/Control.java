package io.stockflow.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An operation sent with a control request beside every n-th of its own: one the service answers
 * without doing any work (the answers {@code expected} picks, e.g. the router's 400 for a target it
 * cannot decode), timed from the moment it left. Its latency is what answering anything at all costs
 * at that load (the machine's scheduling, the event loop, the generator): what a refusal cannot beat.
 */
public final class Control implements Operation {

    private final Operation operation;
    private final Operation control;
    private final int every;
    private final Predicate<Throwable> expected;
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final Recorder latencies = new Recorder(3);

    public Control(Operation operation, Operation control, int every, Predicate<Throwable> expected) {
        this.operation = operation;
        this.control = control;
        this.every = every;
        this.expected = expected;
    }

    @Override
    public void fire(Callback callback) {
        if (fired.getAndIncrement() % every == 0) {
            long sent = System.nanoTime();
            control.fire(new Callback() {
                @Override
                public void succeeded() {
                    unexpected.incrementAndGet();
                }

                @Override
                public void failed(Throwable cause) {
                    if (expected.test(cause)) {
                        latencies.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                    } else {
                        unexpected.incrementAndGet();
                    }
                }
            });
        }
        operation.fire(callback);
    }

    /** Control requests answered otherwise than expected (their latency is not recorded). */
    public long unexpected() {
        return unexpected.get();
    }

    /** The control requests' latencies in microseconds, since the last call. */
    public Histogram latencies() {
        return latencies.getIntervalHistogram();
    }
}
