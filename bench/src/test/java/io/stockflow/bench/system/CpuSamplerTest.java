package io.stockflow.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {

    private static final Map<Long, String> NAMED = Map.of(100L, "postgres", 200L, "redis", 300L, "warehouse");

    @Test
    void aBackendCountsAsItsPostmaster() {
        assertThat(CpuSampler.name(NAMED, 101, 100, "postgres")).isEqualTo("postgres");
        assertThat(CpuSampler.name(NAMED, 300, 1, "java")).isEqualTo("warehouse");
    }

    @Test
    void anotherServerOfTheSameKindOnTheMachineIsNotTheSystems() {
        assertThat(CpuSampler.name(NAMED, 501, 500, "postgres")).isEqualTo("elsewhere: postgres");
        assertThat(CpuSampler.name(NAMED, 600, 1, "redis-server")).isEqualTo("elsewhere: redis-server");
    }

    @Test
    void anythingElseGoesByItsCommand() {
        assertThat(CpuSampler.name(NAMED, 700, 1, "kworker/0:1")).isEqualTo("kworker/0:1");
        assertThat(CpuSampler.name(Map.of(), 501, 500, "postgres")).isEqualTo("postgres");
    }

    @Test
    void aChildThatEndedBetweenTwoSnapshotsStillCountsForTheProcessThatReapedIt() throws Exception {
        CpuSampler sampler = new CpuSampler(Map::of); // this JVM is named: the load generator
        CpuSampler.Snapshot before = sampler.snapshot();
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 600000 ]; do i=$((i+1)); done").start();
        assertThat(child.waitFor()).isZero(); // the JVM reaps it: its CPU moves to this process's cutime
        CpuSampler.Snapshot after = sampler.snapshot();

        long generator = after.ticks().get("bench (load generator)") - before.ticks().get("bench (load generator)");
        assertThat(generator).isGreaterThanOrEqualTo(40);
    }
}
