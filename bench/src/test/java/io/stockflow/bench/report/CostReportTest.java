package io.stockflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.cost.CostComparison;
import io.stockflow.bench.cost.CostSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostReportTest {

    private static Cost adjustment(double warehouseMs) {
        return new Cost("adjustment", "adjustment", 200, 4000, 21,
                Map.of("warehouse", warehouseMs, "postgres", 2.0, "kafka", 0.001), 16_000, 19, 0.0);
    }

    private static String render(Results r) {
        List<String> lines = new ArrayList<>();
        CostReport report = new CostReport(r, lines::add);
        report.write();
        report.settling();
        return String.join("\n", lines);
    }

    @Test
    void leadsWithOneRowPerOperationGivingMedianAndSpread() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(1.6)));
        r.costRuns.add(List.of(adjustment(1.8)));
        r.costRuns.add(List.of(adjustment(1.7)));
        r.costIdle.add(Map.of("kafka", 2.5));

        String md = render(r);

        assertThat(md).startsWith("## Cost per operation");
        assertThat(md).contains("| adjustment | 200 adjustments/s | 1.700 ±6% |");
        assertThat(md).contains("< 0.005"); // Kafka's 1 us is shown as such, not with a spread that is noise
        assertThat(md).contains("16,000 B").contains("kafka 2.5, redis 0.0 in the 1 runs");
    }

    @Test
    void saysHowManyRunsWentBeforeTheRecordedOnes() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(1.6)));
        assertThat(render(r)).doesNotContain("unrecorded");

        r.costUnrecordedRuns = 1;

        assertThat(render(r)).contains("in 1 runs of every measurement (median, and ± half the range across the runs), "
                + "after 1 unrecorded run of them all");
    }

    @Test
    void showsTheJitCompilersBesideAllAndNotInIt() {
        Results r = new Results();
        r.costRuns.add(List.of(new Cost("adjustment", "adjustment", 200, 4000, 21,
                Map.of("warehouse", 1.0, "postgres", 2.0, "jit", 0.5), 16_000, 19, 0.0)));

        assertThat(render(r)).contains("| **all** | JIT compilers (not in all) |")
                .contains("| **3.000 ±0%** | 0.500 ±0% |");
    }

    @Test
    void givesTheServicesPostgresCpuAsAMultipleOfItsCeilingAndOfTheMinimalTransaction() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(1.6), postgresOnly("adjustment, JDBC ceiling", 1.6),
                postgresOnly(Results.MINIMAL_TRANSACTION, 0.8)));

        String md = render(r);

        assertThat(md).contains("service 2.000 ms, its own SQL over JDBC 1.600 ms (1.25×)")
                .contains("COMMIT: plain statements on copies of the three tables with their indexes, no relay) 0.800 ms: "
                        + "the service spends 2.50× it (issue 21 asks at most 2×)");
    }

    private static Cost postgresOnly(String name, double postgresMs) {
        return new Cost(name, "adjustment", 200, 4000, 21, Map.of("postgres", postgresMs), 6_000, 0, 0.0);
    }

    @Test
    void showsNoSpreadAroundAFigureThatRoundsToNothing() {
        Results r = new Results();
        r.costRuns.add(List.of(new Cost("catalog GET", "read", 2000, 40_000, 21, Map.of("catalog", 0.1), 0.01, 0.2, 0.0)));
        r.costRuns.add(List.of(new Cost("catalog GET", "read", 2000, 40_000, 21, Map.of("catalog", 0.1), 0.4, 0.2, 0.0)));

        String md = render(r);

        // a read writes no WAL: the few bytes a checkpoint left in its window are not a figure with a spread
        assertThat(md).contains("| 0 B | 0.20 ±0% |").doesNotContain("0 B ±");
    }

    @Test
    void reportsTheReadsThatWaitedForTheirWrites() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(1.0)));
        r.tokenReads.add(new Results.TokenRead(4000, 8.6, 44.9, Map.of("cache", 4000L)));

        assertThat(render(r)).contains("p50 8.6 ms, p99 44.9 ms (4,000 reads, answered from {cache=4000}) in the 1 runs");
    }

    @Test
    void saysWhatEachSwitchAddsToAWriteBesideTheBaseline() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(1.0)));
        r.variantCosts.add(new Results.VariantCost("rate limit on", adjustment(1.1)));
        r.variantCosts.add(new Results.VariantCost("tracing on", adjustment(1.6)));
        r.variantCosts.add(new Results.VariantCost("baseline", adjustment(1.0)));

        String md = render(r);

        // 3.001 ms in all as configured: 0.1 ms more with the limiter, 0.6 ms with tracing
        assertThat(md).contains("| rate limit on | 1.100 | 0.000 | **3.101** | +3.3% | 19.00 |");
        assertThat(md).contains("| tracing on | 1.600 | 0.000 | **3.601** | +20.0% | 19.00 |");
        assertThat(md).contains("| baseline | 1.000 | 0.000 | **3.001** |  | 19.00 |");
    }

    @Test
    void showsTheComparisonAndMarksWhatGrew() {
        Results r = new Results();
        r.costRuns.add(List.of(adjustment(2.0)));
        r.costComparedWith = "costs.json (abc, yesterday)";
        r.costChanges.addAll(CostComparison.compare(CostSummary.of(List.of(List.of(adjustment(1.0)))),
                CostSummary.of(r.costRuns)));

        String md = render(r);

        assertThat(md).contains("### Beside costs.json (abc, yesterday)");
        assertThat(md).contains("| adjustment | cpu warehouse | 1.000 ms | 2.000 ms | +100.0% | +5% | **grew** |");
        assertThat(md).contains("| adjustment | cpu postgres | 2.000 ms | 2.000 ms | +0.0% | +5% | ok |");
    }

    @Test
    void listsWhatEachSettlingWaitedFor() {
        Results r = new Results();
        r.settles.add(new Settled("the writes phase", 0.1, 2.5, 0.4, 4_944, 0.8, true, ""));
        r.settles.add(new Settled("adjustment (run 1)", 120, 0, 0, 0, 0.5, false, "not settled: outbox 12"));

        String md = render(r);

        assertThat(md).contains("| the writes phase | 0.1 s | 2.5 s | 0.4 s (4,944) | 0.8 s | settled |");
        assertThat(md).contains("| adjustment (run 1) | 120.0 s | 0.0 s | 0.0 s (0) | 0.5 s | not settled: outbox 12 |");
    }

    @Test
    void writesNothingWithoutCostRuns() {
        assertThat(render(new Results())).isEmpty();
    }
}
