package io.stockflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.system.CpuSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The search's decisions, over a system that holds p99 10 ms up to 250/s and 900 ms beyond. */
class RateSearchTest {

    private final List<Double> ran = new ArrayList<>();

    private final StepRunner system = (name, step, operation) -> {
        ran.add(step.ratePerSecond());
        Histogram latencies = new Histogram(60_000_000L, 3);
        latencies.recordValueWithCount(step.ratePerSecond() <= 250 ? 10_000 : 900_000, 100);
        return new StepResult(name, step.ratePerSecond(), step.ratePerSecond(), 100, 0, latencies, List.of(), Map.of());
    };

    private final RateSearch search = new RateSearch(system, Duration.ZERO, Duration.ofMillis(800), step -> { },
            new CpuSampler(Map::of));

    @Test
    void shouldStopAtTheFirstRateTheSystemCannotSustainAndReportTheOneBefore() {
        RateSearch.Outcome outcome = search.search("serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, null);

        assertThat(outcome.steps()).hasSize(3);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
        assertThat(outcome.last()).get().extracting(StepResult::targetRate).isEqualTo(1000.0);
        assertThat(ran).containsExactly(50.0, 100.0, 1000.0);
    }

    @Test
    void shouldStartACeilingAtTheServiceRateAndStepUpFromThere() {
        RateSearch.Outcome outcome = search.searchFrom(100, "serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, null);

        assertThat(outcome.steps()).extracting(StepResult::targetRate).containsExactly(100.0, 1000.0);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
    }

    @Test
    void shouldStepDownWhenTheCeilingMissesAtTheServiceRate() {
        RateSearch.Outcome outcome = search.searchFrom(1000, "serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, null);

        assertThat(outcome.steps()).extracting(StepResult::targetRate).containsExactly(1000.0, 100.0);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
        assertThat(outcome.last()).get().extracting(StepResult::targetRate).isEqualTo(100.0);
    }
}
