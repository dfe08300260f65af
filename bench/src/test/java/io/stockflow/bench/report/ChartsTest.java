package io.stockflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.load.LatencyRecorder;
import io.stockflow.bench.load.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void shouldDrawARateThatARateListRepeats() throws Exception {
        StepResult first = step(15_000, 3.5);
        StepResult again = step(15_000, 12.0);

        String file = new Charts(dir).stepsOverTime("reads.png", "reads", List.of(first, again));

        assertThat(dir.resolve(file)).exists();
        assertThat(Files.size(dir.resolve(file))).isPositive();
    }

    private static StepResult step(double rate, double p99Ms) {
        List<LatencyRecorder.Sample> series = List.of(new LatencyRecorder.Sample(1, 100, 1, p99Ms, p99Ms),
                new LatencyRecorder.Sample(2, 100, 1, p99Ms, p99Ms));
        return new StepResult("catalog", rate, rate, 200, 0, new Histogram(3), series, Map.of());
    }
}
