package io.stockflow.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, safe to record from any thread. {@link #tick} closes a one-second
 * interval (for the latency-over-time plots); {@link #total} is the sum of all closed intervals.
 */
public final class LatencyRecorder {

    /** Anything slower than a minute is recorded as a minute. */
    public static final long MAX_MICROS = 60_000_000L;

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private final List<Sample> series = new ArrayList<>();
    private final LongAdder errors = new LongAdder();
    private Histogram reuse;

    /** One interval of the latency-over-time series. */
    public record Sample(double atSeconds, long count, double p50Ms, double p99Ms, double maxMs) {
    }

    public void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    public void error() {
        errors.increment();
    }

    public long errors() {
        return errors.sum();
    }

    /** Closes the current interval as the sample at {@code atSeconds}; one thread calls this. */
    public synchronized void tick(double atSeconds) {
        reuse = recorder.getIntervalHistogram(reuse);
        total.add(reuse);
        if (reuse.getTotalCount() > 0) {
            series.add(new Sample(atSeconds, reuse.getTotalCount(), ms(reuse.getValueAtPercentile(50)),
                    ms(reuse.getValueAtPercentile(99)), ms(reuse.getMaxValue())));
        }
    }

    /** Drops what was recorded since the last tick (e.g. a warm-up). */
    public synchronized void discard() {
        reuse = recorder.getIntervalHistogram(reuse);
    }

    public synchronized Histogram total() {
        return total.copy();
    }

    public synchronized List<Sample> series() {
        return List.copyOf(series);
    }

    public static double ms(long micros) {
        return micros / 1000.0;
    }
}
