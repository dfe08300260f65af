package io.stockflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void shouldJudgeWritesByTheRatioOfSustainedRatesToTheCeiling() {
        Results results = new Results();
        results.writes = new RateSearch.Outcome("service", 50, List.of(step(500, 10), step(1000, 80)));
        results.writesCeiling = new RateSearch.Outcome("ceiling", 50, List.of(step(500, 5), step(1000, 20),
                step(2000, 90)));

        Targets.Row row = Targets.evaluate(results).get(0);

        assertThat(row.measured()).isEqualTo("500/s (50% of ceiling)");
        assertThat(row.status()).isEqualTo(Targets.Status.MET);
        assertThat(row.limitedBy()).contains("at 1,000/s: CPU 150% of");
    }

    @Test
    void shouldFailAServiceOverHalfAGigabyteAndNotJudgeOtherProcesses() {
        Results results = new Results();
        results.peakRssKb.put("catalog", 600L * 1024);
        results.peakRssKb.put("kafka", 900L * 1024);

        List<Targets.Row> rows = Targets.evaluate(results);

        assertThat(rows).filteredOn(r -> r.figure().endsWith("catalog")).singleElement()
                .extracting(Targets.Row::status).isEqualTo(Targets.Status.MISSED);
        assertThat(rows).filteredOn(r -> r.figure().endsWith("kafka")).singleElement()
                .extracting(Targets.Row::status).isEqualTo(Targets.Status.MET);
    }

    @Test
    void shouldSayWhenTheFixedEndToEndRunCameInBatches() {
        Results results = new Results();
        results.e2eFixed = step(1000, 40);
        results.e2eFixedLines = 10;

        Targets.Row row = Targets.evaluate(results).get(1);

        assertThat(row.figure()).isEqualTo("End to end at 1,000 events/s (10-line batches)");
        assertThat(row.status()).isEqualTo(Targets.Status.MET);
    }

    @Test
    void shouldNameSingleAdjustmentsByTheRateAlone() {
        Results results = new Results();
        results.e2eFixed = step(1000, 80);

        Targets.Row row = Targets.evaluate(results).get(1);

        assertThat(row.figure()).isEqualTo("End to end at 1,000 events/s");
        assertThat(row.status()).isEqualTo(Targets.Status.MISSED);
    }

    @Test
    void shouldHoldOnlyTheWarehouseBulkToTheLatencyTarget() {
        Results results = new Results();
        results.catalogBatch = step(5, 40);
        results.warehouseBulk = step(5, 40);

        List<Targets.Row> rows = Targets.evaluate(results);

        assertThat(rows).filteredOn(r -> r.figure().startsWith("Catalog POST")).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("(figure only)"))
                .extracting(Targets.Row::status).isEqualTo(Targets.Status.MET);
        assertThat(rows).filteredOn(r -> r.figure().startsWith("Warehouse POST")).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("p99 < 25 ms"))
                .extracting(Targets.Row::status).isEqualTo(Targets.Status.MISSED);
    }

    @Test
    void shouldExplainASaturatedMachineAsACpuLimit() {
        assertThat(MarkdownReport.explain("at 1,000/s: CPU 190% of 200% (warehouse 120%)")).contains("saturated");
        assertThat(MarkdownReport.explain("at 1,000/s: CPU 60% of 200% (warehouse 40%)")).contains("not saturated");
    }

    @Test
    void shouldMeetTheOverloadTargetWhenAcceptedCommandsKeepTheirLatencyAndRefusalsAreQuick() {
        Results results = new Results();
        results.overload = new Results.Overload(step(500, 20), step(1000, 35), 4_000, 1.2, 3.0, 100, 0.9);

        Targets.Row row = overloadRow(results);

        assertThat(row.status()).isEqualTo(Targets.Status.MET);
        assertThat(row.measured()).contains("shed 4,000 with 503").contains("sustained step: p99 20.0 ms at 500/s")
                .contains("refuses before admission (400), p99 0.9 ms");
    }

    @Test
    void shouldMissTheOverloadTargetWhenAcceptedCommandsQueueOrRefusalsAreSlow() {
        Results queued = new Results();
        queued.overload = new Results.Overload(step(500, 20), step(1000, 900), 0, 0, 0, 0, Double.NaN);
        Results slowRefusals = new Results();
        slowRefusals.overload = new Results.Overload(step(500, 20), step(1000, 30), 500, 12.0, 40.0, 100, 11.0);

        assertThat(overloadRow(queued).status()).isEqualTo(Targets.Status.MISSED);
        assertThat(overloadRow(slowRefusals).status()).isEqualTo(Targets.Status.MISSED);
        assertThat(overloadRow(new Results()).status()).isEqualTo(Targets.Status.NOT_RUN);
    }

    private static Targets.Row overloadRow(Results results) {
        return Targets.evaluate(results).stream().filter(r -> r.figure().contains("2x the sustained rate"))
                .findFirst().orElseThrow();
    }

    private static StepResult step(double rate, long p99Ms) {
        Histogram h = new Histogram(60_000_000L, 3);
        h.recordValueWithCount(1000, 99);
        h.recordValue(p99Ms * 1000);
        h.recordValue(p99Ms * 1000);
        return new StepResult("s", rate, rate, 100, 0, h, List.of(), Map.of("warehouse", 100.0, "postgres", 50.0));
    }
}
