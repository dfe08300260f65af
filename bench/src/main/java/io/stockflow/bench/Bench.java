package io.stockflow.bench;

import io.stockflow.bench.load.OpenLoop;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Charts;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.CatalogApi;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.sut.WarehouseApi;
import io.stockflow.bench.system.CpuSampler;
import io.stockflow.bench.system.ServiceProcesses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * What every phase works with: the settings, the system under test (its API, and the catalog's
 * management interface for readiness and metrics), the load's lanes and the results.
 */
record Bench(BenchConfig config, Results results, DemoLevels levels, Vertx vertx, List<Context> lanes,
        CpuSampler cpu, Charts charts, ServiceProcesses processes, Http warehouseHttp, Http catalogHttp,
        Http catalogManagement, WarehouseApi warehouse, CatalogApi catalog, Settle settle, boolean catalogUp) {

    /** A rate search with the configured warm-up and step length. */
    RateSearch search() {
        return new RateSearch(loop(), config.warmUp(), config.stepLength(), Bench::progress, cpu);
    }

    OpenLoop loop() {
        return new OpenLoop(lanes, config.maxInFlight(), config.drainTimeout());
    }

    /** A Redis client straight to the catalog's database, one connection per event loop of the load. */
    Redis rawRedis() {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl())
                .setMaxPoolSize(config.eventLoops()).setMaxPoolWaiting(config.maxInFlight())
                .setMaxWaitingHandlers(config.maxInFlight()));
    }

    Connection warehouseDb() {
        try {
            return DriverManager.getConnection(config.warehouseDbUrl(), config.dbUser(), config.dbPassword());
        } catch (SQLException e) {
            throw new IllegalStateException("the warehouse database does not answer: " + e.getMessage(), e);
        }
    }

    static void progress(StepResult s) {
        System.out.printf("    %-16s %10s -> achieved %,8.0f/s  p50 %7.2f  p99 %7.2f  max %8.1f ms  errors %d%s%n",
                s.name(), s.targetRate() > 0 ? String.format("%,.0f/s", s.targetRate()) : "closed", s.achievedRate(),
                s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(),
                s.cpu().isEmpty() ? "" : "  cpu " + s.cpu().entrySet().stream().limit(4)
                        .map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue()))
                        .reduce((x, y) -> x + ", " + y).orElse(""));
    }

    static void say(String message) {
        System.out.println("==> " + message);
    }

    static List<String> labels(List<StepResult> steps) {
        return steps.stream().map(s -> String.format("%s %,.0f/s", s.name(), s.targetRate())).toList();
    }

    static List<StepResult> concat(RateSearch.Outcome a, RateSearch.Outcome b) {
        List<StepResult> all = new java.util.ArrayList<>(a.steps());
        all.addAll(b.steps());
        return all;
    }

    /**
     * The two charts of a service searched beside its ceiling: p99 of each second over every step, and
     * the latency distribution of the service's best step beside the ceiling's at that rate (plus {@code extra}).
     */
    void chartSearch(String file, String title, String caption, RateSearch.Outcome service, RateSearch.Outcome ceiling,
            StepResult... extra) throws java.io.IOException {
        results.charts.add(new io.stockflow.bench.report.Results.Chart(charts.stepsOverTime(file + "-over-time.png",
                title + ": p99 of each second, per rate step", concat(service, ceiling)), caption + ": p99 over time"));
        List<StepResult> pair = new java.util.ArrayList<>(headline(service, ceiling));
        pair.addAll(List.of(extra));
        results.charts.add(new io.stockflow.bench.report.Results.Chart(charts.distribution(file + "-distribution.png",
                title + ": latency distribution", pair, labels(pair)), caption + ": latency distribution"));
    }

    /** The service's best step (or its first) and the ceiling's step at the same rate. */
    static List<StepResult> headline(RateSearch.Outcome service, RateSearch.Outcome ceiling) {
        StepResult s = service.best().orElse(service.steps().get(0));
        StepResult c = ceiling.steps().stream().filter(x -> x.targetRate() == s.targetRate()).findFirst()
                .orElse(ceiling.best().orElse(ceiling.steps().get(0)));
        return List.of(s, c);
    }
}
