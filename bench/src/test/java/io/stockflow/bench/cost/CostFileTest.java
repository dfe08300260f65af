package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostFileTest {

    @Test
    void aStoredRunReadsBackAsTheSameCostsIncludingFiguresItCouldNotMeasure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench/results/costs.json");
        var stored = new CostFile.Stored("2026-12-05T03:00:00Z", "abc1234", "Intel(R) Xeon(R) Processor — 2 cores visible",
                List.of(List.of(Costs.adjustment(0.5, 1.0), Costs.read(0.03))));

        CostFile.write(file, stored);
        CostFile.Stored read = CostFile.read(file);

        assertThat(Files.readString(file)).contains("\"commit\" : \"abc1234\"");
        assertThat(read.cpu()).isEqualTo(stored.cpu());
        assertThat(read.runs().get(0).get(0)).isEqualTo(stored.runs().get(0).get(0));
        assertThat(read.runs().get(0).get(1).walBytesPerOp()).isNaN();
        assertThat(CostSummary.of(read.runs()).operations()).hasSize(2);
    }
}
