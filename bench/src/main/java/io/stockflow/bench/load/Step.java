package io.stockflow.bench.load;

import java.time.Duration;

/** One constant-rate step: a warm-up that is not recorded, then the measured window. */
public record Step(double ratePerSecond, Duration warmUp, Duration measure) {

    public Step {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
    }

    /** Nanoseconds from the start of the step to the intended send time of request {@code i}. */
    public long offsetNanos(long i) {
        return (long) (i * 1_000_000_000.0 / ratePerSecond);
    }

    /** How many requests the whole step (warm-up and measured window) sends. */
    public long requests() {
        return (long) Math.floor(ratePerSecond * (warmUp.toNanos() + measure.toNanos()) / 1e9);
    }

    /** Index of the first request whose intended send time falls in the measured window. */
    public long firstMeasured() {
        return (long) Math.ceil(ratePerSecond * warmUp.toNanos() / 1e9);
    }
}
