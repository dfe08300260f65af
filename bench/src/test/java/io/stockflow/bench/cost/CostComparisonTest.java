package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostComparisonTest {

    private static CostSummary runs(double... warehouseMs) {
        return CostSummary.of(java.util.Arrays.stream(warehouseMs).mapToObj(ms -> List.of(Costs.adjustment(ms, 1.0)))
                .toList());
    }

    private static CostComparison.Change warehouse(List<CostComparison.Change> changes) {
        return changes.stream().filter(c -> c.figure().equals("cpu warehouse")).findFirst().orElseThrow();
    }

    @Test
    void flagsAFigureThatGrewBeyondBothRunsSpreads() {
        var changes = CostComparison.compare(runs(0.50, 0.51, 0.49), runs(0.60, 0.61, 0.59));

        assertThat(warehouse(changes).flagged()).isTrue();
        assertThat(warehouse(changes).growth()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(CostComparison.describe(changes)).contains("GREW").contains("2 cost figure(s) grew"); // the warehouse, and with it the whole
    }

    @Test
    void doesNotFlagAGrowthWithinTheSpreadTheRunsThemselvesShowed() {
        var changes = CostComparison.compare(runs(0.40, 0.50, 0.60), runs(0.50, 0.55, 0.60));

        assertThat(warehouse(changes).flagged()).isFalse();
        assertThat(warehouse(changes).allowed()).isGreaterThan(0.2);
    }

    @Test
    void neverFlagsLessThanTheFloorEvenWithTightSpreads() {
        var changes = CostComparison.compare(runs(0.500, 0.500, 0.500), runs(0.520, 0.520, 0.520));

        assertThat(warehouse(changes).flagged()).isFalse();
        assertThat(CostComparison.describe(changes)).contains("no cost figure grew");
    }

    @Test
    void aCheaperFigureIsNeverFlagged() {
        var changes = CostComparison.compare(runs(0.50, 0.50, 0.50), runs(0.25, 0.25, 0.25));

        assertThat(warehouse(changes).flagged()).isFalse();
        assertThat(warehouse(changes).growth()).isNegative();
    }

    @Test
    void leavesOutStealTheGeneratorAndNegligibleFigures() {
        var before = CostSummary.of(List.of(List.of(Costs.read(0.030))));
        var now = CostSummary.of(List.of(List.of(Costs.read(0.031))));

        assertThat(CostComparison.compare(before, now)).extracting(CostComparison.Change::figure)
                .contains("cpu catalog", "cpu system")
                .doesNotContain("steal %", "cpu bench", "cpu redis", "wal bytes", "redis commands");
    }

    @Test
    void neverJudgesTheJitCompilersWhoseWorkDependsOnHowLongTheServicesHadRun() {
        var before = CostSummary.of(List.of(List.of(Costs.adjustment(1.0, 1.0, 1_800, 0.1))));
        var now = CostSummary.of(List.of(List.of(Costs.adjustment(1.0, 1.0, 1_800, 0.9))));

        assertThat(CostComparison.compare(before, now)).extracting(CostComparison.Change::figure)
                .contains("cpu warehouse").doesNotContain("cpu jit");
    }

    @Test
    void onAnotherProcessorListsCpuTimesWithoutJudgingThemButStillJudgesWal() {
        var before = CostSummary.of(List.of(List.of(Costs.adjustment(0.50, 1.0, 1_800))));
        var now = CostSummary.of(List.of(List.of(Costs.adjustment(0.90, 1.5, 3_600))));

        var changes = CostComparison.compare(before, now, false);

        assertThat(warehouse(changes).flagged()).isFalse();
        assertThat(warehouse(changes).comparable()).isFalse();
        assertThat(changes).filteredOn(c -> c.figure().equals("wal bytes")).singleElement()
                .satisfies(wal -> assertThat(wal.flagged()).isTrue());
        assertThat(CostComparison.describe(changes)).contains(" cpu adjustment").contains("1 cost figure(s) grew");
    }
}
