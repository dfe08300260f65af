package io.stockflow.bench.load;

import io.stockflow.bench.system.CpuSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps the rate up until a step misses the p99 limit; the highest step that held below every missed
 * one is the sustained rate.
 */
public final class RateSearch {

    private final StepRunner loop;
    private final Duration warmUp;
    private final Duration measure;
    private final Consumer<StepResult> progress;
    private final CpuSampler cpu;

    public RateSearch(StepRunner loop, Duration warmUp, Duration measure, Consumer<StepResult> progress, CpuSampler cpu) {
        this.loop = loop;
        this.warmUp = warmUp;
        this.measure = measure;
        this.progress = progress;
        this.cpu = cpu;
    }

    /** One step at a fixed rate, with the CPU use seen while it ran. */
    public StepResult once(String name, double rate, Duration length, Operation operation) {
        CpuSampler.Snapshot before = cpu.snapshot();
        StepResult result = loop.run(name, new Step(rate, warmUp, length), operation);
        result = result.withCpu(CpuSampler.between(before, cpu.snapshot()));
        progress.accept(result);
        return result;
    }

    /** All steps run, in order; the search stops at the first one that misses. */
    public record Outcome(String name, double p99LimitMs, List<StepResult> steps) {

        public Optional<StepResult> best() {
            double lowestMissed = steps.stream().filter(s -> !s.sustained(p99LimitMs))
                    .mapToDouble(StepResult::targetRate).min().orElse(Double.POSITIVE_INFINITY);
            return steps.stream().filter(s -> s.sustained(p99LimitMs) && s.targetRate() < lowestMissed)
                    .max(Comparator.comparingDouble(StepResult::targetRate));
        }

        public double bestRate() {
            return best().map(StepResult::targetRate).orElse(0.0);
        }

        /** The last step run: the one that broke the limit, the highest rate tried, or (down) the one that held. */
        public Optional<StepResult> last() {
            return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
        }
    }

    public Outcome search(String name, List<Double> rates, double p99LimitMs, Operation operation) {
        List<StepResult> steps = new ArrayList<>();
        stepWhile(true, steps, name, rates, p99LimitMs, operation);
        return new Outcome(name, p99LimitMs, steps);
    }

    /**
     * A ceiling's search: it does a part of the service's work, so it holds every rate below the one
     * the service sustained, and stepping through those cost minutes of a run meant to stay under 15.
     * The first step is at {@code startRate} (so both have a step at that rate to compare), then up
     * the list; when even the first misses, down the list until a step holds.
     */
    public Outcome searchFrom(double startRate, String name, List<Double> rates, double p99LimitMs,
            Operation operation) {
        if (startRate <= 0) {
            return search(name, rates, p99LimitMs, operation);
        }
        List<StepResult> steps = new ArrayList<>();
        stepWhile(true, steps, name, List.of(startRate), p99LimitMs, operation);
        boolean up = steps.get(0).sustained(p99LimitMs);
        List<Double> next = rates.stream().filter(r -> up ? r > startRate : r < startRate)
                .sorted(up ? Comparator.naturalOrder() : Comparator.reverseOrder()).toList();
        stepWhile(up, steps, name, next, p99LimitMs, operation);
        return new Outcome(name, p99LimitMs, steps);
    }

    /** Runs the rates in order while each step's outcome is {@code sustained} (stops after the first that is not). */
    private void stepWhile(boolean sustained, List<StepResult> steps, String name, List<Double> rates,
            double p99LimitMs, Operation operation) {
        for (double rate : rates) {
            StepResult result = once(name, rate, measure, operation);
            steps.add(result);
            if (result.sustained(p99LimitMs) != sustained) {
                return;
            }
        }
    }
}
