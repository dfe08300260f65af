package io.stockflow.bench.load;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one step measured; latencies in microseconds, counted from each request's intended send time. */
public record StepResult(String name, double targetRate, double achievedRate, long sent, long errors,
        Histogram histogram, List<LatencyRecorder.Sample> series, Map<String, Double> cpu) {

    /** The same result with the CPU use (percent of one core per process group) seen during the step. */
    public StepResult withCpu(Map<String, Double> cpuPercent) {
        return new StepResult(name, targetRate, achievedRate, sent, errors, histogram, series, cpuPercent);
    }

    public StepResult named(String newName) {
        return new StepResult(newName, targetRate, achievedRate, sent, errors, histogram, series, cpu);
    }

    public double p50Ms() {
        return LatencyRecorder.ms(histogram.getValueAtPercentile(50));
    }

    public double p99Ms() {
        return LatencyRecorder.ms(histogram.getValueAtPercentile(99));
    }

    public double p999Ms() {
        return LatencyRecorder.ms(histogram.getValueAtPercentile(99.9));
    }

    public double maxMs() {
        return LatencyRecorder.ms(histogram.getMaxValue());
    }

    public double errorRatio() {
        return sent == 0 ? 1 : (double) errors / sent;
    }

    /**
     * Sustained: p99 within the limit, under 1% errors, and at least 95% of the target rate completed
     * (a generator or system that falls behind does not count as sustaining the rate).
     */
    public boolean sustained(double p99LimitMs) {
        return histogram.getTotalCount() > 0 && p99Ms() < p99LimitMs && errorRatio() < 0.01
                && achievedRate >= 0.95 * targetRate;
    }
}
