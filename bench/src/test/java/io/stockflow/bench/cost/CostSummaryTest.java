package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostSummaryTest {

    @Test
    void givesTheMedianAndHalfTheRangeOfEachFigureAcrossRuns() {
        CostSummary summary = CostSummary.of(List.of(
                List.of(Costs.adjustment(0.50, 1.0)),
                List.of(Costs.adjustment(0.40, 1.2)),
                List.of(Costs.adjustment(0.60, 1.1))));

        CostSummary.Spread warehouse = summary.operation("adjustment").orElseThrow().figures().get("cpu warehouse");
        assertThat(warehouse.median()).isEqualTo(0.50);
        assertThat(warehouse.relative()).isCloseTo(0.20, within(1e-9));
        CostSummary.Spread all = summary.operation("adjustment").orElseThrow().figures().get("cpu system");
        assertThat(all.median()).isCloseTo(0.50 + 1.1 + 0.05, within(1e-9));
    }

    @Test
    void leavesTheGeneratorOutOfTheSystemsCost() {
        Cost cost = Costs.adjustment(0.5, 1.0);

        assertThat(cost.systemCpuMsPerOp()).isCloseTo(1.55, within(1e-9));
        assertThat(cost.figures().get("cpu bench")).isEqualTo(0.2);
    }

    @Test
    void keepsOperationsInTheOrderTheRunsMeasuredThem() {
        CostSummary summary = CostSummary.of(List.of(List.of(Costs.adjustment(0.5, 1), Costs.read(0.03))));

        assertThat(summary.operations()).extracting(CostSummary.Operation::name)
                .containsExactly("adjustment", "catalog GET");
    }

    @Test
    void aFigureNoRunCouldMeasureHasNoMedian() {
        CostSummary summary = CostSummary.of(List.of(List.of(Costs.read(0.03)), List.of(Costs.read(0.04))));

        CostSummary.Spread wal = summary.operation("catalog GET").orElseThrow().figures().get("wal bytes");
        assertThat(wal.runs()).isZero();
        assertThat(wal.median()).isNaN();
    }
}
