package io.stockflow.bench;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.cost.CostMeter;
import io.stockflow.bench.load.OpenLoop;
import io.stockflow.bench.load.Operation;
import io.stockflow.bench.load.Step;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.sut.CatalogApi;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.JdbcAdjustCeiling;
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
 * relay's, Kafka's and the consumer's share of the work is counted with the write that caused it.
 * What each process uses with no load at all (timers, polls, the broker's own housekeeping) is
 * measured first and taken off, so a slow operation is not charged for the seconds it spans.
 */
final class CostPhase {

    private final BenchConfig config;
    private final OpenLoop loop;
    private final Settle settle;
    private final CostMeter meter;
    private final DemoLevels levels;
    private final WarehouseApi warehouse;
    private final CatalogApi catalog;
    private final Supplier<Redis> rawRedis;
    private final boolean catalogUp;

    CostPhase(BenchConfig config, OpenLoop loop, Settle settle, CostMeter meter, DemoLevels levels,
            WarehouseApi warehouse, CatalogApi catalog, Supplier<Redis> rawRedis, boolean catalogUp) {
        this.config = config;
        this.loop = loop;
        this.settle = settle;
        this.meter = meter;
        this.levels = levels;
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.rawRedis = rawRedis;
        this.catalogUp = catalogUp;
    }

    /** What each process group used idle in the last run, in percent of a core. */
    private Map<String, Double> idlePercent = Map.of();
    private Map<String, Double> idleTicks = Map.of();

    Map<String, Double> idlePercent() {
        return idlePercent;
    }

    /** One run of every cost measurement, in a fixed order, after measuring the system idle. */
    List<Cost> run(int run) throws Exception {
        List<Cost> costs = new ArrayList<>();
        String tag = " (run " + run + ")";
        settle.settle("the idle baseline" + tag, catalogUp);
        CostMeter.Reading quiet = meter.read();
        Thread.sleep(config.costIdleLength().toMillis());
        idleTicks = CostMeter.idle(quiet, meter.read());
        idlePercent = new java.util.TreeMap<>();
        idleTicks.forEach((group, ticks) -> idlePercent.put(group, ticks)); // 100 ticks a second = one core = 100%
        System.out.printf("    idle baseline%s: %s%n", tag, idlePercent.entrySet().stream()
                .filter(e -> e.getValue() >= 0.5).map(e -> String.format("%s %.1f%%", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("nothing measurable"));
        double writeRate = config.costWriteRate();
        costs.add(measure("adjustment" + tag, "adjustment", "adjustment", writeRate, 1, true,
                warehouse.adjustOperation()));
        try (JdbcAdjustCeiling ceiling = new JdbcAdjustCeiling(config.warehouseDbUrl(), config.dbUser(),
                config.dbPassword(), config.dbConcurrency(), levels)) {
            costs.add(measure("adjustment, JDBC ceiling" + tag, "adjustment, JDBC ceiling", "adjustment", writeRate,
                    1, true, ceiling.operation()));
        }
        if (catalogUp) {
            int lines = config.costE2eLines();
            costs.add(measure("event end to end" + tag, "event, end to end (" + lines + "-line batches)", "event",
                    config.costE2eRate() / lines, lines, true, warehouse.batchOperation(lines)));
            costs.add(measure("catalog GET" + tag, "catalog GET", "read", config.costReadRate(), 1, false,
                    catalog.productOperation()));
            Redis redis = rawRedis.get();
            try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, levels)) {
                costs.add(measure("catalog GET, Redis ceiling" + tag, "catalog GET, Redis ceiling", "read",
                        config.costReadRate(), 1, false, raw.operation()));
            } finally {
                redis.close();
            }
        }
        costs.add(measure("bulk stock" + tag, "bulk stock (" + config.bulkIds() + " ids)", "request",
                config.bulkRate(), 1, false, warehouse.bulkStockOperation(config.bulkIds())));
        return costs;
    }

    /**
     * Settles, sends unrecorded load for the warm-up, then measures a fixed-rate window; a write's window
     * closes once the outbox is empty and the consumer caught up.
     */
    private Cost measure(String label, String name, String unit, double requestRate, int perRequest, boolean writes,
            Operation operation) throws Exception {
        settle.settle(label, catalogUp);
        loop.run(label + " warm-up", new Step(requestRate, Duration.ZERO, config.warmUp()), operation);
        CostMeter.Reading before = meter.read();
        StepResult step = loop.run(label, new Step(requestRate, Duration.ZERO, config.costLength()), operation);
        if (writes) {
            Settle.Backlog left = settle.drain(Duration.ofMinutes(1), catalogUp);
            if (!left.empty()) {
                System.out.printf("    %s: still %d outbox rows and a consumer lag of %d after a minute%n", label,
                        left.outbox(), left.lag());
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
        if (!Double.isNaN(cost.walBytesPerOp())) {
            b.append(String.format(", WAL %,.0f B", cost.walBytesPerOp()));
        }
        if (!Double.isNaN(cost.redisCommandsPerOp())) {
            b.append(String.format(", Redis %.2f cmd", cost.redisCommandsPerOp()));
        }
        return b.toString();
    }
}
