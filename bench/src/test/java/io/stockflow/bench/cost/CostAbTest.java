package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostAbTest {

    private static CostSummary runs(double... warehouseMs) {
        return CostSummary.of(Arrays.stream(warehouseMs).mapToObj(ms -> List.of(Costs.adjustment(ms, 1.0))).toList());
    }

    private static CostAb.Ratio figure(List<CostAb.Ratio> ratios, String figure) {
        return ratios.stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
    }

    @Test
    void comparesEachSideWithItsNeighbourSoADriftOfTheHostCancelsOut() {
        // the host ran 40% slower in the second sitting; the head costs 20% less in both
        List<CostAb.Pair> pairs = List.of(new CostAb.Pair(runs(0.50, 0.52, 0.48), runs(0.40, 0.41, 0.39)),
                new CostAb.Pair(runs(0.70, 0.70, 0.71), runs(0.56, 0.57, 0.55)));

        CostAb.Ratio warehouse = figure(CostAb.ratios(pairs), "cpu warehouse");

        assertThat(warehouse.base()).containsExactly(0.50, 0.70);
        assertThat(warehouse.head()).containsExactly(0.40, 0.56);
        assertThat(warehouse.ratios()).allSatisfy(r -> assertThat(r).isCloseTo(0.8, within(1e-9)));
        assertThat(warehouse.median()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void takesTheMedianOfThePairsRatios() {
        List<CostAb.Pair> pairs = List.of(new CostAb.Pair(runs(1.0), runs(0.9)), new CostAb.Pair(runs(1.0), runs(0.5)),
                new CostAb.Pair(runs(1.0), runs(0.7)));

        assertThat(figure(CostAb.ratios(pairs), "cpu warehouse").median()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void leavesOutFiguresBothSidesMeasuredAsNegligibleAndOperationsOneSideLacks() {
        List<CostAb.Pair> pairs = List.of(new CostAb.Pair(runs(0.5),
                CostSummary.of(List.of(List.of(Costs.adjustment(0.4, 1.0), Costs.read(0.1))))));

        List<CostAb.Ratio> ratios = CostAb.ratios(pairs);

        assertThat(ratios).extracting(CostAb.Ratio::figure).contains("cpu system", "cpu warehouse", "cpu postgres",
                "wal bytes").doesNotContain("cpu catalog", "cpu redis", "redis commands");
        assertThat(ratios).extracting(CostAb.Ratio::operation).containsOnly("adjustment");
    }

    @Test
    void writesTheTableFromTheNumberedPairsOfADirectory(@TempDir Path dir) throws Exception {
        store(dir.resolve("1-base"), 0.50);
        store(dir.resolve("1-head"), 0.40);
        store(dir.resolve("2-head"), 0.60);
        store(dir.resolve("2-base"), 0.75);
        store(dir.resolve("3-base"), 9.99); // its head never ran: not a pair

        CostAb.main(new String[] {dir.toString(), "b6cd079", "main"});

        String table = Files.readString(dir.resolve("AB.md"));
        assertThat(table).contains("Head (main) against base (b6cd079)")
                .contains("| adjustment | cpu warehouse | 0.500 ms / 0.750 ms | 0.400 ms / 0.600 ms | 0.80 / 0.80 | **0.80** |")
                .doesNotContain("9.99");
    }

    private static void store(Path output, double warehouseMs) throws Exception {
        CostFile.write(output.resolve("bench/results/costs.json"),
                new CostFile.Stored("2026-12-06T03:00:00Z", "abc1234", "AMD EPYC", List.of(List.of(Costs.adjustment(warehouseMs, 1.0)))));
    }
}
