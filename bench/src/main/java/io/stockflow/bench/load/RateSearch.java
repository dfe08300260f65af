package io.stockflow.bench.load;

import io.stockflow.bench.system.CpuSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Steps the rate up until a step misses the p99 limit; the last step that held is the sustained rate. */
public final class RateSearch {

    private final OpenLoop loop;
    private final Duration warmUp;
    private final Duration measure;
    private final Consumer<StepResult> progress;
    private final CpuSampler cpu;

    public RateSearch(OpenLoop loop, Duration warmUp, Duration measure, Consumer<StepResult> progress, CpuSampler cpu) {
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
            StepResult best = null;
            for (StepResult step : steps) {
                if (!step.sustained(p99LimitMs)) {
                    break;
                }
                best = step;
            }
            return Optional.ofNullable(best);
        }

        public double bestRate() {
            return best().map(StepResult::targetRate).orElse(0.0);
        }

        /** The last step run: the one that broke the limit, or the highest rate tried. */
        public Optional<StepResult> last() {
            return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
        }
    }

    public Outcome search(String name, List<Double> rates, double p99LimitMs, Operation operation) {
        List<StepResult> steps = new ArrayList<>();
        for (double rate : rates) {
            StepResult result = once(name, rate, measure, operation);
            steps.add(result);
            if (!result.sustained(p99LimitMs)) {
                break;
            }
        }
        return new Outcome(name, p99LimitMs, steps);
    }
}
