package io.stockflow.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    void knowsHotSpotsCompilerThreadsByTheirNames() {
        assertThat(CpuSampler.isCompiler("C2 CompilerThre")).isTrue();
        assertThat(CpuSampler.isCompiler("C1 CompilerThre")).isTrue();
        assertThat(CpuSampler.isCompiler("executor-thread")).isFalse();
    }

    @Test
    void aNamedJvmsCompilerThreadsAreTheirOwnGroupNotTheProcesss() throws Exception {
        // a JVM that compiles (C1 and C2 from its first loop on) and is named like a service
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                Path.of("src/test/resources/Spin.java").toString()).start();
        try {
            CpuSampler sampler = new CpuSampler(() -> Map.of(jvm.pid(), "warehouse"));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            CpuSampler.Snapshot s = sampler.snapshot();
            while (s.ticks().getOrDefault(CpuSampler.jit("warehouse"), 0L) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                s = sampler.snapshot();
            }
            assertThat(s.ticks().get(CpuSampler.jit("warehouse"))).isPositive();
            long before = procTicks(jvm.pid());
            s = sampler.snapshot();
            long after = procTicks(jvm.pid());
            assertThat(s.ticks().get("warehouse") + s.ticks().get(CpuSampler.jit("warehouse")))
                    .as("the two groups together are the process").isBetween(before, after);
        } finally {
            jvm.destroyForcibly().waitFor();
        }
    }

    private static long procTicks(long pid) throws Exception {
        CpuSampler.Stat stat = CpuSampler.Stat.of(java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        return stat.ticks() + stat.childTicks();
    }

    @Test
    void readsTheCommandEvenWhenItHoldsParenthesesAndSpaces() {
        CpuSampler.Stat stat = CpuSampler.Stat.of("4242 (C2 (Compiler) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 "
                + "30 12 5 2 20 0 1 0 100 0 0");

        assertThat(stat).isEqualTo(new CpuSampler.Stat("C2 (Compiler) x", 17, 42, 7));
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
