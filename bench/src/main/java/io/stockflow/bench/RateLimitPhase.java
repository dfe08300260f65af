package io.stockflow.bench;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.load.Step;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.system.ServiceProcesses;
import java.time.Duration;
import java.util.Map;

/**
 * What rate limiting costs a write: the warehouse restarted with it on (a budget the load stays under,
 * so every request is counted and none refused), then restarted as it was, each primed alike and each
 * measured like the cost phase's adjustments. Both sides start equally cold, so the difference is the
 * limiter's. Issue 16 bounds it at 5% of the write path.
 */
final class RateLimitPhase implements Phase {

    /** Per key and minute: 5x the cost phase's write rate, in blocks the limiter claims 1/50 at a time. */
    static final Map<String, String> ON = Map.of("RATE_LIMIT_ENABLED", "true", "RATE_LIMIT_TYPE", "key",
            "RATE_LIMIT_REQUESTS_PER_MINUTE", "60000");
    static final Map<String, String> OFF = Map.of("RATE_LIMIT_ENABLED", "false");

    @Override
    public String name() {
        return "ratelimit";
    }

    @Override
    public String title() {
        return "rate limiting's cost";
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public boolean restartsServices() {
        return true;
    }

    @Override
    public void run(Bench b) throws Exception {
        if (b.processes().pid("warehouse").isEmpty()) {
            b.results().skipped.put(title(), "no live warehouse PID file in " + b.config().runDir().toAbsolutePath()
                    + ": the harness restarts only a warehouse that deploy/local/run.sh started");
            return;
        }
        Bench.say("6. rate limiting's cost: adjustments with the limiter on, then off, each after a restart");
        try (Http management = new Http(b.vertx(), b.config().warehouseManagementUrl(), 2, 10, null,
                Duration.ofSeconds(5))) {
            Cost on = measure(b, management, "rate limit on", ON);
            Cost off = measure(b, management, "rate limit off", OFF);
            b.results().rateLimitCosts.add(off);
            b.results().rateLimitCosts.add(on);
        }
    }

    private static Cost measure(Bench b, Http management, String variant, Map<String, String> environment)
            throws Exception {
        ServiceProcesses.Restarted restarted = b.processes().restart("warehouse", Duration.ofSeconds(30), () -> {
        }, environment);
        long deadline = restarted.startedNanos() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                BenchRun.await(management.get("/q/health/ready"), 5);
                break;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the warehouse restarted with " + environment
                            + " was not ready within 2 minutes; see its log", notYet);
                }
                Thread.sleep(100);
            }
        }
        // the same compiled state on both sides: a fresh JVM compiles the write path after thousands of calls
        Bench.progress(b.loop().run("prime, " + variant, new Step(b.config().costWriteRate(), Duration.ZERO,
                b.config().primeLength().multipliedBy(2)), b.warehouse().adjustOperation()));
        return new CostPhase().adjustments(b, "adjustment, " + variant, "adjustment, " + variant);
    }
}
