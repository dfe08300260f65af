package io.stockflow.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockflow.bench.system.CpuSampler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostMeterTest {

    @Test
    void turnsTickDifferencesIntoMillisecondsPerOperation() {
        var before = new CostMeter.Reading(0, Map.of("warehouse", 1_000L, "postgres", 500L), 10, 10_000, 1_000_000, 50);
        var after = new CostMeter.Reading(20_000_000_000L, Map.of("warehouse", 1_400L, "postgres", 700L, "kafka", 30L),
                30, 14_000, 9_000_000, 4_050);

        Cost cost = CostMeter.between("adjustment", "adjustment", 200, 4_000, before, after, Map.of());

        assertThat(cost.cpuMsPerOp().get("warehouse")).isCloseTo(1.0, within(1e-9)); // 400 ticks = 4 s over 4,000
        assertThat(cost.cpuMsPerOp().get("postgres")).isCloseTo(0.5, within(1e-9));
        assertThat(cost.cpuMsPerOp().get("kafka")).isCloseTo(0.075, within(1e-9));
        assertThat(cost.walBytesPerOp()).isEqualTo(2_000);
        assertThat(cost.redisCommandsPerOp()).isEqualTo(1.0);
        assertThat(cost.stealPercent()).isCloseTo(0.5, within(1e-9));
        assertThat(cost.seconds()).isEqualTo(20.0);
    }

    @Test
    void aCounterThatCouldNotBeReadGivesNoFigureRatherThanAWrongOne() {
        var before = new CostMeter.Reading(0, Map.of(), 0, 0, -1, -1);
        var after = new CostMeter.Reading(1, Map.of(), 0, 0, 5_000, 10);

        Cost cost = CostMeter.between("x", "op", 1, 10, before, after, Map.of());

        assertThat(cost.walBytesPerOp()).isNaN();
        assertThat(cost.redisCommandsPerOp()).isNaN();
    }

    @Test
    void takesOffWhatEachProcessUsesIdleOverTheSameTime() {
        var quiet = new CostMeter.Reading(0, Map.of("kafka", 100L, "warehouse", 0L), 0, 0, 0, 0);
        var tenSecondsLater = new CostMeter.Reading(10_000_000_000L, Map.of("kafka", 130L, "warehouse", 20L), 0, 0, 0, 0);
        Map<String, Double> idle = CostMeter.idle(quiet, tenSecondsLater);
        assertThat(idle.get("kafka")).isCloseTo(3.0, within(1e-9)); // ticks a second: 3% of a core

        var before = new CostMeter.Reading(0, Map.of("kafka", 1_000L, "warehouse", 1_000L), 0, 0, 0, 0);
        var after = new CostMeter.Reading(20_000_000_000L, Map.of("kafka", 1_080L, "warehouse", 1_440L), 0, 0, 0, 0);
        Cost cost = CostMeter.between("adjustment", "adjustment", 200, 4_000, before, after, idle);

        assertThat(cost.cpuMsPerOp().get("kafka")).isCloseTo((80 - 60) * 10.0 / 4_000, within(1e-9));
        assertThat(cost.cpuMsPerOp().get("warehouse")).isCloseTo((440 - 40) * 10.0 / 4_000, within(1e-9));
    }

    @Test
    void neverChargesLessThanNothingWhenAProcessWasQuieterThanIdle() {
        var before = new CostMeter.Reading(0, Map.of("kafka", 1_000L), 0, 0, 0, 0);
        var after = new CostMeter.Reading(10_000_000_000L, Map.of("kafka", 1_010L), 0, 0, 0, 0);

        Cost cost = CostMeter.between("x", "op", 1, 10, before, after, Map.of("kafka", 3.0));

        assertThat(cost.cpuMsPerOp()).doesNotContainKey("kafka");
    }

    @Test
    void theIdleBaselineIsTheQuieterHalfOfEachProcess() {
        Map<String, Double> lower = CostMeter.quieter(Map.of("postgres", 8.6, "kafka", 2.0),
                Map.of("postgres", 0.7, "kafka", 2.4));

        assertThat(lower).containsEntry("postgres", 0.7).containsEntry("kafka", 2.0);
        assertThat(CostMeter.quieter(Map.of("catalog", 3.0), Map.of())).containsEntry("catalog", 0.0);
    }

    @Test
    void groupsProcessesByRole() {
        assertThat(CostMeter.group("postgres")).isEqualTo("postgres");
        assertThat(CostMeter.group("redis-server")).isEqualTo("redis");
        assertThat(CostMeter.group("redis")).isEqualTo("redis");
        assertThat(CostMeter.group("bench (load generator)")).isEqualTo("bench");
        assertThat(CostMeter.group("kworker/0:1")).isEqualTo("other");
    }

    @Test
    void theServicesJitCompilersAreOneGroupAndTheGeneratorsStayTheGenerators() {
        assertThat(CostMeter.group(CpuSampler.jit("warehouse"))).isEqualTo("jit");
        assertThat(CostMeter.group(CpuSampler.jit("kafka"))).isEqualTo("jit");
        assertThat(CostMeter.group(CpuSampler.jit("bench (load generator)"))).isEqualTo("bench");
    }

    @Test
    void readsStealAndAllTicksFromProcStat() {
        long[] ticks = CostMeter.parseStat("cpu  100 5 50 800 10 1 2 7 0 0");

        assertThat(ticks[0]).isEqualTo(7);
        assertThat(ticks[1]).isEqualTo(100 + 5 + 50 + 800 + 10 + 1 + 2 + 7);
    }
}
