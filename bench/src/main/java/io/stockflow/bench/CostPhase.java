package io.stockflow.bench;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.cost.CostComparison;
import io.stockflow.bench.cost.CostFile;
import io.stockflow.bench.cost.CostMeter;
import io.stockflow.bench.cost.CostSummary;
import io.stockflow.bench.load.LatencyRecorder;
import io.stockflow.bench.load.OpenLoop;
import io.stockflow.bench.load.Operation;
import io.stockflow.bench.load.Step;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.CatalogApi;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.JdbcAdjustCeiling;
import io.stockflow.bench.sut.TokenReads;
import io.stockflow.bench.sut.WarehouseApi;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cost per operation: each operation at a fixed, moderate rate that every machine here sustains, with
 * the CPU time of every process, the WAL written and the Redis commands sent divided by the operations
 * done. Rates that hold still from day to day where the highest sustained rate does not: a busy host
 * lowers the rate a machine reaches, but hardly what each operation costs. Each measurement starts
 * from a settled system and, for writes, ends when what it wrote has reached the catalog, so the
 * relay's, Kafka's and the consumer's share of the work is counted with the write that caused it, and
 * so is the catalog's drift sync re-reading those changes (run to completion inside the window).
 * What each process uses with no load at all (timers, polls, the broker's own housekeeping) is
 * measured first and taken off, so a slow operation is not charged for the seconds it spans.
 */
final class CostPhase implements Phase {

    /** Set for the duration of {@link #run(Bench)}. */
    private Bench b;
    private OpenLoop loop;
    private CostMeter meter;
    /** Whether the run under way goes to the report (not one of the unrecorded runs). */
    private boolean recording;

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public boolean writes() {
        return true;
    }

    /** It settles before each of its measurements itself. */
    @Override
    public boolean settlesFirst() {
        return false;
    }

    /**
     * {@code BENCH_COST_RUNS} runs of every measurement, after {@code BENCH_COST_UNRECORDED_RUNS} whose
     * figures are printed but left out; compared with an earlier run's costs when
     * {@code BENCH_COMPARE} names them.
     */
    @Override
    public void run(Bench b) throws Exception {
        this.b = b;
        this.loop = b.loop();
        var config = b.config();
        var results = b.results();
        java.util.Optional<CostFile.Stored> previous = java.util.Optional.empty();
        if (config.compareWith().isPresent()) {
            previous = java.util.Optional.of(CostFile.read(config.compareWith().get()));
        }
        Redis redis = Redis.createClient(b.vertx(), config.redisUrl());
        try {
            this.meter = new CostMeter(b.cpu(), b::warehouseDb, redis);
            // a freshly started JVM and a freshly loaded database both cost more in the first run (the JIT
            // apart: the database's pages too), so the first runs warm up and are left out
            for (int run = 1; run <= config.costUnrecordedRuns(); run++) {
                Bench.say(String.format("0. cost per operation at fixed rates, unrecorded run %d of %d", run,
                        config.costUnrecordedRuns()));
                recording = false;
                run(" (unrecorded run " + run + ")");
            }
            recording = true;
            results.costUnrecordedRuns = config.costUnrecordedRuns();
            for (int run = 1; run <= config.costRuns(); run++) {
                Bench.say(String.format("0. cost per operation at fixed rates, run %d of %d", run, config.costRuns()));
                results.costRuns.add(run(" (run " + run + ")"));
                results.costIdle.add(idlePercent);
            }
        } finally {
            redis.close();
        }
        previous.ifPresent(p -> {
            results.costComparedWith = config.compareWith().get() + " (" + p.commit() + ", " + p.generated() + ")";
            String cpu = results.machine.get("CPU");
            boolean sameProcessor = cpu != null && cpu.equals(p.cpu());
            if (!sameProcessor) {
                results.costComparedOn = String.format("The earlier run was on %s, this one on %s: their CPU times are "
                        + "listed but not judged (a millisecond of one processor is not one of another); WAL bytes and "
                        + "Redis commands per operation are.", p.cpu() == null ? "a processor its file does not name"
                                : p.cpu(), cpu);
            }
            results.costChanges.addAll(CostComparison.compare(CostSummary.of(p.runs()),
                    CostSummary.of(results.costRuns), sameProcessor));
        });
    }

    /** What each process group used idle in the last run, in percent of a core. */
    private Map<String, Double> idlePercent = Map.of();
    private Map<String, Double> idleTicks = Map.of();

    /** What each process uses with no load, taken off every measurement that follows. */
    private void idleBaseline(String tag) throws Exception {
        b.settle().settle("the idle baseline" + tag, b.catalogUp());
        // two halves, and the quieter of the two per process: a burst of housekeeping in one half (a
        // checkpoint's aftermath, a scheduled job) would otherwise be taken off every measurement of the run
        CostMeter.Reading quiet = meter.read();
        Thread.sleep(b.config().costIdleLength().toMillis() / 2);
        CostMeter.Reading half = meter.read();
        Thread.sleep(b.config().costIdleLength().toMillis() / 2);
        idleTicks = CostMeter.quieter(CostMeter.idle(quiet, half), CostMeter.idle(half, meter.read()));
        idlePercent = new java.util.TreeMap<>();
        idleTicks.forEach((group, ticks) -> idlePercent.put(group, ticks)); // 100 ticks a second = one core = 100%
        System.out.printf("    idle baseline%s: %s%n", tag, idlePercent.entrySet().stream()
                .filter(e -> e.getValue() >= 0.5).map(e -> String.format("%s %.1f%%", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("nothing measurable"));
    }

    /**
     * For another phase: the cost of single adjustments at the cost phase's write rate, on the system
     * as it is now, after an idle baseline of its own.
     */
    Cost adjustments(Bench bench, String label, String name) throws Exception {
        this.b = bench;
        this.loop = bench.loop();
        Redis redis = Redis.createClient(bench.vertx(), bench.config().redisUrl());
        try {
            this.meter = new CostMeter(bench.cpu(), bench::warehouseDb, redis);
            idleBaseline(" (" + label + ")");
            return measure(label, name, "adjustment", bench.config().costWriteRate(), 1, true,
                    bench.warehouse().adjustOperation());
        } finally {
            redis.close();
        }
    }

    private static final String HELD_TOKEN_READ = "catalog GET with a token it holds";
    private static final String WRITE_THEN_TOKEN_READ = "adjustment, then a catalog GET with its token";

    /** One run of every cost measurement (or those BENCH_COST_ONLY names), in a fixed order, after measuring the system idle. */
    private List<Cost> run(String tag) throws Exception {
        List<Cost> costs = new ArrayList<>();
        idleBaseline(tag);
        var config = b.config();
        double writeRate = config.costWriteRate();
        if (config.costWanted("adjustment")) {
            costs.add(measure("adjustment" + tag, "adjustment", "adjustment", writeRate, 1, true,
                    b.warehouse().adjustOperation()));
        }
        if (config.costWanted("adjustment, JDBC ceiling")) {
            try (JdbcAdjustCeiling ceiling = new JdbcAdjustCeiling(config.warehouseDbUrl(), config.dbUser(),
                    config.dbPassword(), config.dbConcurrency(), b.levels())) {
                costs.add(measure("adjustment, JDBC ceiling" + tag, "adjustment, JDBC ceiling", "adjustment", writeRate,
                        1, true, ceiling.operation()));
            }
        }
        if (config.costWanted(Results.MINIMAL_TRANSACTION)) {
            try (JdbcAdjustCeiling floor = JdbcAdjustCeiling.minimal(config.warehouseDbUrl(), config.dbUser(),
                    config.dbPassword(), config.dbConcurrency(), b.levels())) {
                costs.add(measure("adjustment, minimal transaction" + tag, Results.MINIMAL_TRANSACTION, "adjustment",
                        writeRate, 1, false, floor.operation()));
            }
        }
        if (b.catalogUp()) {
            int lines = config.costE2eLines();
            String event = "event, end to end (" + lines + "-line batches)";
            if (config.costWanted(event)) {
                costs.add(measure("event end to end" + tag, event, "event", config.costE2eRate() / lines, lines, true,
                        b.warehouse().batchOperation(lines)));
            }
            if (config.costWanted("catalog GET")) {
                costs.add(measure("catalog GET" + tag, "catalog GET", "read", config.costReadRate(), 1, false,
                        b.catalog().productOperation()));
            }
            if (config.costWanted(HELD_TOKEN_READ) || config.costWanted(WRITE_THEN_TOKEN_READ)) {
                tokenReads(costs, tag);
            }
            if (config.costWanted("catalog GET, Redis ceiling")) {
                Redis redis = b.rawRedis();
                try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, b.levels())) {
                    costs.add(measure("catalog GET, Redis ceiling" + tag, "catalog GET, Redis ceiling", "read",
                            config.costReadRate(), 1, false, raw.operation()));
                } finally {
                    redis.close();
                }
            }
        }
        String bulk = "bulk stock (" + config.bulkIds() + " ids)";
        if (config.costWanted(bulk)) {
            costs.add(measure("bulk stock" + tag, bulk, "request", config.costBulkRate(), 1, false,
                    b.warehouse().bulkStockOperation(config.bulkIds())));
        }
        return costs;
    }

    /**
     * Read-your-writes (issue 20): a read presenting a token the catalog already holds, at the read rate;
     * and a write followed at once by a read with its token, at the write rate, whose read waits for the
     * event (its own latency and where it was answered from go to the report).
     */
    private void tokenReads(List<Cost> costs, String tag) throws Exception {
        TokenReads tokens = new TokenReads(b.warehouse(), b.catalog(), b.levels()).collect(1000);
        costs.add(measure("catalog GET with a token" + tag, HELD_TOKEN_READ, "read",
                b.config().costReadRate(), 1, false, tokens.heldRead(), () -> { }));
        costs.add(measure("adjustment + GET with its token" + tag, WRITE_THEN_TOKEN_READ,
                "adjustment", b.config().costWriteRate(), 1, true, tokens.writeThenRead(), () -> {
                    tokens.readLatencies();
                    tokens.sources();
                }));
        org.HdrHistogram.Histogram reads = tokens.readLatencies();
        Results.TokenRead read = new Results.TokenRead(reads.getTotalCount(),
                LatencyRecorder.ms(reads.getValueAtPercentile(50)), LatencyRecorder.ms(reads.getValueAtPercentile(99)),
                tokens.sources());
        if (recording) {
            b.results().tokenReads.add(read);
        }
        System.out.printf("    the reads after their writes: p50 %.1f ms, p99 %.1f ms, answered from %s%n", read.p50Ms(),
                read.p99Ms(), read.sources());
    }

    private Cost measure(String label, String name, String unit, double requestRate, int perRequest, boolean writes,
            Operation operation) throws Exception {
        return measure(label, name, unit, requestRate, perRequest, writes, operation, () -> { });
    }

    /**
     * Settles, sends unrecorded load for the warm-up, then measures a fixed-rate window ({@code windowStarts}
     * runs between the two); a write's window closes once the outbox is empty and the consumer caught up.
     */
    private Cost measure(String label, String name, String unit, double requestRate, int perRequest, boolean writes,
            Operation operation, Runnable windowStarts) throws Exception {
        b.settle().settle(label, b.catalogUp());
        loop.run(label + " warm-up", new Step(requestRate, Duration.ZERO, b.config().warmUp()), operation);
        windowStarts.run();
        CostMeter.Reading before = meter.read();
        StepResult step = loop.run(label, new Step(requestRate, Duration.ZERO, b.config().costLength()), operation);
        if (writes) {
            Settle.Backlog left = b.settle().drain(Duration.ofMinutes(1), b.catalogUp());
            if (!left.empty()) {
                System.out.printf("    %s: still %d outbox rows and a consumer lag of %d after a minute%n", label,
                        left.outbox(), left.lag());
            }
            // the drift sync's re-read of these changes belongs to them: once, whether or not a scheduled run
            // fell into the window
            if (b.catalogUp()) {
                b.settle().catchUpDriftSync();
            }
        }
        CostMeter.Reading after = meter.read();
        long done = (step.sent() - step.errors()) * perRequest;
        Cost cost = CostMeter.between(name, unit, requestRate * perRequest, done, before, after, idleTicks);
        System.out.printf("    %-40s %,8d %ss  %.3f ms CPU/%s (%s)%s%n", label, done, unit, cost.systemCpuMsPerOp(),
                unit, breakdown(cost), step.errors() > 0 ? "  errors " + step.errors() : "");
        return cost;
    }

    private static String breakdown(Cost cost) {
        StringBuilder b = new StringBuilder();
        for (String g : Cost.SYSTEM) {
            double ms = cost.cpuMsPerOp().getOrDefault(g, 0.0);
            if (ms >= 0.0005) {
                b.append(b.isEmpty() ? "" : ", ").append(String.format("%s %.3f", g, ms));
            }
        }
        double jit = cost.cpuMsPerOp().getOrDefault("jit", 0.0);
        if (jit >= 0.0005) {
            b.append(String.format("; JIT compilers %.3f, not in all", jit));
        }
        if (!Double.isNaN(cost.walBytesPerOp())) {
            b.append(String.format(", WAL %,.0f B", cost.walBytesPerOp()));
        }
        if (!Double.isNaN(cost.redisCommandsPerOp())) {
            b.append(String.format(", Redis %.2f cmd", cost.redisCommandsPerOp()));
        }
        return b.toString();
    }
}
