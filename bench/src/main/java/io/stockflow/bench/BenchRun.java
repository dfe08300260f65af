package io.stockflow.bench;

import io.stockflow.bench.cost.CostComparison;
import io.stockflow.bench.cost.CostFile;
import io.stockflow.bench.load.OpenLoop;
import io.stockflow.bench.report.Charts;
import io.stockflow.bench.report.MarkdownReport;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.CatalogApi;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.sut.WarehouseApi;
import io.stockflow.bench.system.CpuSampler;
import io.stockflow.bench.system.Machine;
import io.stockflow.bench.system.ServiceProcesses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One benchmark run: checks the system is up, runs the phases, writes the plots and BENCHMARKS.md. */
final class BenchRun {

    /** Every phase in the order a run takes them; BENCH_PHASES picks which. */
    private static final List<Phase> PHASES = List.of(new PrimePhase(), new CostPhase(), new WritesPhase(),
            new EndToEnd(), new ReadsPhase(), new BulkPhase(), new WarmUp(), new VariantsPhase());

    /** The runs' raw costs, beside the report: what a later {@code --compare} reads. */
    static final String COSTS = "bench/results/costs.json";

    private Settle settle;

    /** The system is not up or has no demo data: nothing was measured. */
    static final class NotReady extends RuntimeException {
        NotReady(String message) {
            super(message);
        }
    }

    private final BenchConfig config;
    private final Results results = new Results();
    private final DemoLevels levels;
    private final ServiceProcesses processes;
    private final WarehouseDatabase database;
    private final MeasuredProcesses measured;
    private final CpuSampler cpu;
    private final Vertx vertx;
    /** The event-loop contexts the load is sent from. */
    private final List<io.vertx.core.Context> lanes;
    private Charts charts;

    BenchRun(BenchConfig config) {
        this.config = config;
        this.levels = new DemoLevels(config.products(), config.warehouses());
        this.processes = new ServiceProcesses(config.runDir());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
        this.database = new WarehouseDatabase(config, results);
        this.measured = new MeasuredProcesses(config, vertx, database, processes);
        this.cpu = new CpuSampler(measured::named);
        this.lanes = OpenLoop.lanes(vertx, config.eventLoops());
    }

    int run() throws Exception {
        long started = System.nanoTime();
        results.generated = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
        Set<String> phases = config.phases();
        try (Http warehouse = http(config.warehouseUrl()); Http catalog = http(config.catalogUrl());
                Http warehouseManagement = management(config.warehouseManagementUrl());
                Http catalogManagement = management(config.catalogManagementUrl())) {
            WarehouseApi warehouseApi = new WarehouseApi(warehouse, levels);
            CatalogApi catalogApi = new CatalogApi(catalog, levels);
            checkWarehouse(warehouse, warehouseManagement);
            boolean catalogUp = ready(catalogManagement);
            describe(catalogUp);
            config.note().ifPresent(results.notes::add);
            charts = new Charts(config.outputDir().resolve("bench/results"));
            Files.createDirectories(config.outputDir().resolve("bench/results"));

            settle = new Settle(config, vertx, warehouse, catalog, warehouseManagement, database::connectOrFail);
            Bench bench = new Bench(config, results, levels, vertx, lanes, cpu, charts, processes, warehouse, catalog,
                    catalogManagement, warehouseApi, catalogApi, settle, catalogUp);
            // the demo data's events may still be on their way to the catalog (200,000 of them on a fresh start)
            settle.settle("the first phase", catalogUp);
            database.vacuum("before the first phase");
            Map<String, Long> peakBeforeRestart = new java.util.TreeMap<>();
            for (Phase phase : PHASES) {
                if (!phases.contains(phase.name())) {
                    continue;
                }
                if (phase.needsCatalog() && !catalogUp) {
                    results.skipped.put(phase.title(), "catalog-service is not ready at " + config.catalogUrl());
                    continue;
                }
                database.vacuumIfWritten("before the " + phase.title() + " phase");
                if (phase.settlesFirst()) {
                    settle.settle("the " + phase.title() + " phase", catalogUp);
                }
                if (phase.restartsServices()) {
                    peakBeforeRestart.putAll(measured.peakRss(results));
                }
                phase.run(bench);
                database.written(phase.writes());
            }
            Map<String, Long> peak = measured.peakRss(results);
            peakBeforeRestart.forEach((name, kb) -> peak.merge(name, kb, Math::max));
            results.peakRssKb.putAll(peak);
            if (peak.isEmpty()) {
                results.skipped.put("memory", "no live PID files in " + config.runDir().toAbsolutePath()
                        + " (the system was not started by deploy/local/run.sh start)");
            }
            results.settles.addAll(settle.reports());
        } finally {
            if (settle != null) {
                settle.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        results.runMinutes = (System.nanoTime() - started) / 60e9;
        Path report = config.outputDir().resolve("BENCHMARKS.md");
        if (!results.costRuns.isEmpty()) {
            CostFile.write(config.outputDir().resolve(COSTS), new CostFile.Stored(results.generated,
                    results.machine.get("Git commit"), results.machine.get("CPU"), results.costRuns));
        }
        new MarkdownReport(results, "bench/results/").write(report);
        System.out.println();
        System.out.print(MarkdownReport.summary(results));
        System.out.printf("%nBENCHMARKS.md written to %s (%.1f minutes)%n", report.toAbsolutePath().normalize(),
                results.runMinutes);
        if (!results.costChanges.isEmpty()) {
            System.out.printf("%nCost per operation beside %s:%n%s", config.compareWith().orElseThrow(),
                    CostComparison.describe(results.costChanges));
            if (results.costChanges.stream().anyMatch(CostComparison.Change::flagged)) {
                return 3;
            }
        }
        return 0;
    }

    private Http http(String url) {
        return new Http(vertx, url, config.httpConnections(), config.maxInFlight(), config.apiKey(),
                config.drainTimeout().minusSeconds(2));
    }

    static <T> T await(Future<T> future, long seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    /** A client of a management interface: health and metrics, a few requests at a time. */
    private Http management(String url) {
        return new Http(vertx, url, 2, 10, config.apiKey(), Duration.ofSeconds(10));
    }

    /** @param management a client of the service's management interface */
    private static boolean ready(Http management) {
        try {
            await(management.get("/q/health/ready"), 5);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void checkWarehouse(Http warehouse, Http warehouseManagement) {
        if (!ready(warehouseManagement)) {
            throw new NotReady("warehouse-service is not ready at " + config.warehouseManagementUrl()
                    + ". Start the system first: deploy/local/run.sh start");
        }
        String last = DemoLevels.productId(config.products());
        try {
            String body = await(warehouse.get("/v1/inventory/product/" + last), 10).toString();
            if (!body.contains(DemoLevels.warehouseId(config.warehouses()))) {
                throw new NotReady("the warehouse has " + last + " but not in " + DemoLevels.warehouseId(
                        config.warehouses()) + ": load the demo data (POST /v1/admin/demo-data {\"warehouses\":"
                        + config.warehouses() + ",\"products\":" + config.products() + "})");
            }
        } catch (NotReady e) {
            throw e;
        } catch (Exception e) {
            throw new NotReady("the warehouse has no product " + last + " (" + e.getMessage() + "): load the demo "
                    + "data (deploy/local/run.sh start does, or POST /v1/admin/demo-data)");
        }
    }

    private void describe(boolean catalogUp) {
        results.machine.putAll(Machine.describe());
        results.machine.put("PostgreSQL", database.describe());
        Redis redis = Redis.createClient(vertx, config.redisUrl());
        try {
            String info = await(redis.send(Request.cmd(Command.INFO).arg("server")), 5).toString();
            info.lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                    .ifPresent(l -> results.machine.put("Redis", l.substring("redis_version:".length()).trim()));
        } catch (Exception e) {
            results.machine.put("Redis", "unknown (" + e.getMessage() + ")");
        } finally {
            redis.close();
        }
        results.machine.put("Services", "warehouse " + config.warehouseUrl() + ", catalog " + config.catalogUrl()
                + (catalogUp ? "" : " (not ready: catalog phases skipped)"));
        results.settings.putAll(config.described());
    }
}
