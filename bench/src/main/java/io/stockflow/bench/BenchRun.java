package io.stockflow.bench;

import io.stockflow.bench.load.ClosedLoop;
import io.stockflow.bench.load.OpenLoop;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Charts;
import io.stockflow.bench.report.MarkdownReport;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.CatalogApi;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.sut.JdbcAdjustCeiling;
import io.stockflow.bench.sut.WarehouseApi;
import io.stockflow.bench.system.CpuSampler;
import io.stockflow.bench.system.Machine;
import io.stockflow.bench.system.ServiceProcesses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One benchmark run: checks the system is up, runs the phases, writes the plots and BENCHMARKS.md. */
final class BenchRun {

    /** Clients of the closed-loop write prime (the report's method section names the same number). */
    private static final int PRIME_CLIENTS = 8;

    /** Whether a phase wrote since the last vacuum (each leaves ~100,000 dead level versions). */
    private boolean written;

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
    private final CpuSampler cpu;
    private final Vertx vertx;
    /** The event-loop contexts the load is sent from. */
    private final List<io.vertx.core.Context> lanes;
    private Charts charts;
    /** Read by describe() from the warehouse's PostgreSQL; the harness then vacuums once. */
    private boolean autovacuumOff;

    BenchRun(BenchConfig config) {
        this.config = config;
        this.levels = new DemoLevels(config.products(), config.warehouses());
        this.processes = new ServiceProcesses(config.runDir());
        this.cpu = new CpuSampler(this::namedPids);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
        this.lanes = OpenLoop.lanes(vertx, config.eventLoops());
    }

    int run() throws Exception {
        long started = System.nanoTime();
        Set<String> phases = config.phases();
        try (Http warehouse = http(config.warehouseUrl()); Http catalog = http(config.catalogUrl());
                Http warehouseManagement = management(config.warehouseManagementUrl());
                Http catalogManagement = management(config.catalogManagementUrl())) {
            WarehouseApi warehouseApi = new WarehouseApi(warehouse, levels);
            CatalogApi catalogApi = new CatalogApi(catalog, levels);
            checkWarehouse(warehouse, warehouseManagement);
            boolean catalogUp = ready(catalogManagement);
            describe(catalogUp);
            charts = new Charts(config.outputDir().resolve("bench/results"));
            Files.createDirectories(config.outputDir().resolve("bench/results"));

            vacuumWithoutAutovacuum("before the first phase");
            if (phases.contains("prime")) {
                prime(warehouseApi, catalogApi, catalogUp);
                written = true;
                quiesce(warehouse, catalog, warehouseManagement);
            }
            if (phases.contains("writes")) {
                writes(warehouseApi);
                written = true;
            }
            if (phases.contains("e2e")) {
                vacuumIfWritten("before the end-to-end phase");
                quiesce(warehouse, catalog, warehouseManagement);
                if (catalogUp) {
                    new EndToEnd(config, vertx, levels, warehouseApi, results, search()).run();
                    written = true;
                    chartE2e();
                } else {
                    results.skipped.put("end to end", "catalog-service is not ready at " + config.catalogUrl());
                }
            }
            if (phases.contains("reads")) {
                quiesce(warehouse, catalog, warehouseManagement);
                if (catalogUp) {
                    reads(catalogApi);
                } else {
                    results.skipped.put("catalog reads", "catalog-service is not ready at " + config.catalogUrl());
                }
            }
            if (phases.contains("bulk")) {
                vacuumIfWritten("before the bulk phase");
                quiesce(warehouse, catalog, warehouseManagement);
                bulk(warehouseApi);
            }
            Map<String, Long> peakBeforeRestart = peakRss();
            if (phases.contains("warmup")) {
                vacuumIfWritten("before the warm-up phase");
                quiesce(warehouse, catalog, warehouseManagement);
                if (catalogUp) {
                    new WarmUp(config, processes, catalogManagement, vertx, results).run();
                } else {
                    results.skipped.put("warm-up", "catalog-service is not ready at " + config.catalogUrl());
                }
            }
            Map<String, Long> peak = peakRss();
            peakBeforeRestart.forEach((name, kb) -> peak.merge(name, kb, Math::max));
            results.peakRssKb.putAll(peak);
            if (peak.isEmpty()) {
                results.skipped.put("memory", "no live PID files in " + config.runDir().toAbsolutePath()
                        + " (the system was not started by deploy/local/run.sh start)");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        results.runMinutes = (System.nanoTime() - started) / 60e9;
        Path report = config.outputDir().resolve("BENCHMARKS.md");
        new MarkdownReport(results, "bench/results/").write(report);
        System.out.println();
        System.out.print(MarkdownReport.summary(results));
        System.out.printf("%nBENCHMARKS.md written to %s (%.1f minutes)%n", report.toAbsolutePath().normalize(),
                results.runMinutes);
        return 0;
    }

    /**
     * Lets the system drain what an overloaded phase left behind before the next phase measures it:
     * unpublished outbox rows, and requests the services still execute for clients that gave up.
     * Waits (at most two minutes) until the outbox backlog is empty and a cheap request to each
     * service answers within 100 ms three times in a row.
     */
    private void quiesce(Http warehouse, Http catalog, Http warehouseManagement) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String backlog = "unknown";
        int quick = 0;
        while (System.nanoTime() < deadline && quick < 3) {
            try {
                String metrics = body(warehouseManagement, "/q/metrics");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^outbox_backlog (\\S+)").matcher(metrics);
                backlog = m.find() ? String.valueOf((long) Double.parseDouble(m.group(1))) : "0";
                long started = System.nanoTime();
                body(warehouse, "/v1/warehouses");
                body(catalog, "/v1/products?limit=1");
                boolean fast = System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(100);
                quick = "0".equals(backlog) && fast ? quick + 1 : 0;
            } catch (Exception e) {
                quick = 0;
            }
            Thread.sleep(quick == 0 ? 1000 : 200);
        }
        System.out.printf("==> settled: outbox backlog %s, services %s; %s; %s%n", backlog,
                quick >= 3 ? "answering quickly" : "still slow after 2 minutes", catchUpDriftSync(), flushWrites());
    }

    /**
     * The catalog's drift sync re-reads every level changed since its last run, every 30 s: after a
     * write phase its first run pulled up to 200,000 levels while the next phase was measured (a
     * 300 ms stall of catalog reads). Run it now until it has caught up, so a phase does not pay for
     * the previous one's repair; the scheduled runs go on during the phases as usual.
     */
    private String catchUpDriftSync() {
        long started = System.nanoTime();
        long levels = 0;
        try (Http admin = new Http(vertx, config.catalogUrl(), 1, 10, config.adminApiKey(), Duration.ofMinutes(2))) {
            for (int run = 0; run < 10; run++) {
                JsonObject result = new JsonObject(admin.post("/v1/admin/stock/sync", Buffer.buffer("{}"))
                        .toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS));
                levels += result.getLong("levelsSeen", 0L);
                if (result.getLong("levelsSeen", 0L) < 1000) {
                    break;
                }
            }
        } catch (Exception e) {
            return "drift sync not run (" + e.getMessage() + ")";
        }
        return String.format("drift sync caught up (%,d levels, %.1f s)", levels, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A write phase leaves PostgreSQL's and Kafka's pages dirty, and the kernel wrote them back during
     * the next phase (its writeback threads took 17% of a core while catalog reads were measured): a
     * checkpoint and a {@code sync} now, so each phase pays for its own writes only.
     */
    private String flushWrites() {
        long started = System.nanoTime();
        try (Connection c = warehouseDb()) {
            c.createStatement().execute("CHECKPOINT");
        } catch (Exception e) {
            // not a superuser: the sync still writes back what is dirty
        }
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(2, TimeUnit.MINUTES)) {
                sync.destroy();
            }
        } catch (IOException e) {
            return "no sync command: dirty pages left to the kernel";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format("checkpoint and sync took %.1f s", (System.nanoTime() - started) / 1e9);
    }

    private static String body(Http http, String path) throws Exception {
        return http.get(path).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
    }

    /**
     * A JVM compiles its hot paths only after thousands of calls, and on two shared cores the
     * compiler threads compete with the load for a minute or more: without this phase the first
     * steps measure the JIT, not the services. Every endpoint gets moderate, unrecorded load; writes
     * ramp up (50, 100, then 200/s), as a cold warehouse fell hopelessly behind at 200/s from the start
     * (p50 of 6 s) and then primed little but its queues; then a closed loop, as fast as it goes.
     * The harness's own Redis client is primed too.
     */
    private void prime(WarehouseApi warehouse, CatalogApi catalog, boolean catalogUp) throws InterruptedException {
        RateSearch search = new RateSearch(new OpenLoop(lanes, config.maxInFlight(), config.drainTimeout()), Duration.ZERO,
                config.primeLength(), BenchRun::progress, cpu);
        say("0. priming the JIT: " + fmt(config.primeLength()) + " s of unrecorded load per endpoint");
        Duration third = config.primeLength().dividedBy(3);
        for (double rate : List.of(50.0, 100.0, 200.0)) {
            search.once("prime writes", rate, third, warehouse.adjustOperation());
        }
        // C2 compiles a method after ~5,000 calls: the ramp sends 3,500 adjustments, so the write path
        // was still being compiled in the measured steps (C2 at 30% of a core at 100/s). As fast as
        // the warehouse goes, then the batch endpoint the end-to-end phase uses.
        progress(ClosedLoop.run("prime writes, " + PRIME_CLIENTS + " clients", PRIME_CLIENTS, config.primeLength(),
                () -> warehouse.adjust(levels.randomLevel())));
        progress(ClosedLoop.run("prime batches, " + config.batchConcurrency() + " clients", config.batchConcurrency(),
                third, () -> warehouse.adjustBatch(levels.distinctLevels(10))));
        search.once("prime bulk", 4, config.primeLength(), warehouse.bulkStockOperation(config.bulkIds()));
        if (catalogUp) {
            search.once("prime reads", 2000, config.primeLength(), catalog.productOperation());
            search.once("prime batch", 4, config.primeLength(), catalog.batchOperation(config.bulkIds()));
        }
        Redis redis = rawRedis();
        try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, levels)) {
            search.once("prime redis", 2000, third, raw.operation());
        } finally {
            redis.close();
        }
    }

    private Redis rawRedis() {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl())
                .setMaxPoolSize(config.eventLoops()).setMaxPoolWaiting(config.maxInFlight())
                .setMaxWaitingHandlers(config.maxInFlight()));
    }

    private void writes(WarehouseApi api) throws Exception {
        RateSearch search = search();
        say("1. warehouse single adjustments over HTTP, open loop, p99 limit " + config.writeP99Ms() + " ms");
        results.writes = search.search("service", config.writeRates(), config.writeP99Ms(), api.adjustOperation());
        say("1. ceiling: the same transaction over JDBC, " + config.dbConcurrency() + " connections");
        try (JdbcAdjustCeiling ceiling = new JdbcAdjustCeiling(config.warehouseDbUrl(), config.dbUser(),
                config.dbPassword(), config.dbConcurrency(), levels)) {
            results.writesCeiling = search.searchFrom(results.writes.bestRate(), "ceiling", config.writeRates(),
                    config.writeP99Ms(), ceiling.operation());
        }
        say("1. batch adjustments, " + config.batchLines() + " lines per request, " + config.batchConcurrency()
                + " clients");
        results.batchLines = config.batchLines();
        results.batch = ClosedLoop.run("batch", config.batchConcurrency(), config.batchLength(),
                () -> api.adjustBatch(levels.distinctLevels(config.batchLines())));
        progress(results.batch);
        results.charts.add(new Results.Chart(charts.stepsOverTime("writes-over-time.png",
                "Warehouse single adjustments: p99 of each second, per rate step", concat(results.writes,
                        results.writesCeiling)), "Warehouse writes: p99 over time"));
        List<StepResult> pair = headline(results.writes, results.writesCeiling);
        results.charts.add(new Results.Chart(charts.distribution("writes-distribution.png",
                "Warehouse single adjustments: latency distribution", pair, labels(pair)),
                "Warehouse writes: latency distribution"));
    }

    private void reads(CatalogApi api) throws Exception {
        RateSearch search = search();
        say("3. catalog GET /v1/products/{id}, open loop, p99 limit " + config.readP99Ms() + " ms");
        results.reads = search.search("catalog", config.readRates(), config.readP99Ms(), api.productOperation());
        say("3. ceiling: the same Redis commands, pipelined over one connection per event loop");
        Redis redis = rawRedis();
        try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, levels)) {
            results.readsCeiling = search.searchFrom(results.reads.bestRate(), "redis", config.redisRates(),
                    config.readP99Ms(), raw.operation());
        } finally {
            redis.close();
        }
        say("3. catalog POST /v1/products/batch, " + config.bulkIds() + " ids");
        results.catalogBatch = search.once("catalog batch", config.bulkRate(), config.bulkLength(),
                api.batchOperation(config.bulkIds()));
        results.charts.add(new Results.Chart(charts.stepsOverTime("reads-over-time.png",
                "Catalog reads: p99 of each second, per rate step", concat(results.reads, results.readsCeiling)),
                "Catalog reads: p99 over time"));
        List<StepResult> pair = headline(results.reads, results.readsCeiling);
        pair = new java.util.ArrayList<>(pair);
        pair.add(results.catalogBatch);
        results.charts.add(new Results.Chart(charts.distribution("reads-distribution.png",
                "Catalog reads: latency distribution", pair, labels(pair)), "Catalog reads: latency distribution"));
    }

    private void bulk(WarehouseApi api) throws Exception {
        say("4. warehouse POST /v1/batch/stock, " + config.bulkIds() + " ids");
        results.warehouseBulk = search().once("warehouse bulk", config.bulkRate(), config.bulkLength(),
                api.bulkStockOperation(config.bulkIds()));
        results.charts.add(new Results.Chart(charts.stepOverTime("bulk-over-time.png",
                "Warehouse bulk stock (1000 ids): latency per second", results.warehouseBulk),
                "Bulk stock: latency over time"));
        results.charts.add(new Results.Chart(charts.distribution("bulk-distribution.png",
                "Bulk stock (1000 ids): latency distribution", List.of(results.warehouseBulk),
                List.of("warehouse /v1/batch/stock")), "Bulk stock: latency distribution"));
    }

    private void chartE2e() throws Exception {
        if (results.e2eFixed != null) {
            results.charts.add(new Results.Chart(charts.stepOverTime("e2e-over-time.png", String.format(
                    "End to end at %,.0f events/s: commit to visible in catalog Redis", results.e2eFixed.targetRate()),
                    results.e2eFixed), "End to end: latency over time"));
        }
        List<StepResult> all = new java.util.ArrayList<>();
        if (results.e2eFixed != null) {
            all.add(results.e2eFixed);
        }
        if (results.e2eSearch != null) {
            all.addAll(results.e2eSearch.steps());
        }
        if (!all.isEmpty()) {
            results.charts.add(new Results.Chart(charts.distribution("e2e-distribution.png",
                    "End to end: latency distribution per rate", all, labels(all)), "End to end: latency distribution"));
        }
    }

    /** The service's best step (or its first) and the ceiling's step at the same rate. */
    private static List<StepResult> headline(RateSearch.Outcome service, RateSearch.Outcome ceiling) {
        StepResult s = service.best().orElse(service.steps().get(0));
        StepResult c = ceiling.steps().stream().filter(x -> x.targetRate() == s.targetRate()).findFirst()
                .orElse(ceiling.best().orElse(ceiling.steps().get(0)));
        return List.of(s, c);
    }

    private static List<String> labels(List<StepResult> steps) {
        return steps.stream().map(s -> String.format("%s %,.0f/s", s.name(), s.targetRate())).toList();
    }

    private static List<StepResult> concat(RateSearch.Outcome a, RateSearch.Outcome b) {
        List<StepResult> all = new java.util.ArrayList<>(a.steps());
        all.addAll(b.steps());
        return all;
    }

    RateSearch search() {
        return new RateSearch(new OpenLoop(lanes, config.maxInFlight(), config.drainTimeout()), config.warmUp(),
                config.stepLength(), BenchRun::progress, cpu);
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
        try (Connection c = warehouseDb();
                ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            results.machine.put("PostgreSQL", rs.getString(1) + postgresHousekeeping(c));
        } catch (Exception e) {
            results.machine.put("PostgreSQL", "unknown (" + e.getMessage() + ")");
        }
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
        Map<String, String> s = results.settings;
        s.put("BENCH_PHASES", String.join(",", new java.util.TreeSet<>(config.phases())));
        s.put("BENCH_PRIME_SECONDS", fmt(config.primeLength()));
        s.put("BENCH_WARMUP_SECONDS", fmt(config.warmUp()));
        s.put("BENCH_STEP_SECONDS", fmt(config.stepLength()));
        s.put("BENCH_HTTP_CONNECTIONS", Integer.toString(config.httpConnections()));
        s.put("BENCH_EVENT_LOOPS", Integer.toString(config.eventLoops()));
        s.put("BENCH_PRODUCTS", Integer.toString(config.products()));
        s.put("BENCH_WAREHOUSES", Integer.toString(config.warehouses()));
        s.put("BENCH_WRITE_RATES", config.writeRates().toString());
        s.put("BENCH_DB_CONCURRENCY", Integer.toString(config.dbConcurrency()));
        s.put("BENCH_BATCH_LINES", Integer.toString(config.batchLines()));
        s.put("BENCH_BATCH_CONCURRENCY", Integer.toString(config.batchConcurrency()));
        s.put("BENCH_E2E_RATE", fmt(config.e2eRate()));
        s.put("BENCH_E2E_SECONDS", fmt(config.e2eLength()));
        s.put("BENCH_E2E_RATES", config.e2eRates().toString());
        s.put("BENCH_E2E_SINGLE_MAX_RATE", fmt(config.e2eSingleMaxRate()));
        s.put("BENCH_E2E_BATCH_LINES", Integer.toString(config.e2eBatchLines()));
        s.put("BENCH_E2E_FIXED_BATCH_LINES", Integer.toString(config.e2eFixedBatchLines()));
        s.put("BENCH_READ_RATES", config.readRates().toString());
        s.put("BENCH_REDIS_RATES", config.redisRates().toString());
        s.put("BENCH_BULK_IDS", Integer.toString(config.bulkIds()));
        s.put("BENCH_BULK_RATE", fmt(config.bulkRate()));
        s.put("BENCH_BULK_SECONDS", fmt(config.bulkLength()));
    }

    /**
     * With autovacuum off (this machine's PostgreSQL runs so for CI), nothing ever removes the dead row
     * versions that loading the demo data and earlier runs left behind, nor refreshes the planner's
     * statistics; a production database vacuums continuously. The harness does what autovacuum would
     * have done, before the first phase and after each writing one, so a run measures the services
     * rather than the garbage of the one before or of its own writes.
     */
    /** Bulk reads and the warm-up read every level: they should not step over the garbage of the writes before. */
    private void vacuumIfWritten(String when) {
        if (written) {
            vacuumWithoutAutovacuum(when);
            written = false;
        }
    }

    private Connection warehouseDb() throws SQLException {
        return DriverManager.getConnection(config.warehouseDbUrl(), config.dbUser(), config.dbPassword());
    }

    private void vacuumWithoutAutovacuum(String when) {
        if (!autovacuumOff) {
            return;
        }
        try (Connection c = warehouseDb()) {
            long started = System.nanoTime();
            c.createStatement().execute("VACUUM (ANALYZE)");
            String done = String.format("%s (%.1f s)", when, (System.nanoTime() - started) / 1e9);
            results.vacuumed = results.vacuumed == null ? "autovacuum is off on this PostgreSQL, so the harness ran "
                    + "`VACUUM (ANALYZE)` on the warehouse database " + done : results.vacuumed + ", " + done;
            say("VACUUM (ANALYZE) of the warehouse database " + done);
        } catch (Exception e) {
            say("could not vacuum the warehouse database: " + e.getMessage());
        }
    }

    /**
     * Whether PostgreSQL cleans up dead row versions by itself: without autovacuum every update of
     * the run leaves garbage behind that later scans step over, so the report says so.
     */
    private String postgresHousekeeping(Connection c) {
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT current_setting('autovacuum'), current_setting('synchronous_commit'),
                       current_setting('shared_buffers'),
                       (SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables),
                       (SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables)""")) {
            rs.next();
            autovacuumOff = "off".equals(rs.getString(1));
            return String.format("; autovacuum %s, synchronous_commit %s, shared_buffers %s; at start the warehouse"
                    + " database held %,d live and %,d dead row versions", rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getLong(5), rs.getLong(4));
        } catch (Exception e) {
            return "";
        }
    }

    private static String fmt(Duration d) {
        return fmt(d.toMillis() / 1000.0);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Peak RSS of every process with a live PID file in the run directory; notes their JVM options. */
    private Map<String, Long> peakRss() {
        Map<String, Long> peak = new java.util.TreeMap<>();
        namedPids().forEach((pid, name) -> {
            ServiceProcesses.status(pid, "VmHWM").ifPresent(kb -> peak.put(name, kb));
            ServiceProcesses.jvmOptions(pid).ifPresent(options -> results.jvmOptions.put(name, options));
        });
        return peak;
    }

    private Map<Long, String> namedPids() {
        Map<Long, String> named = new HashMap<>();
        try (var files = Files.list(config.runDir())) {
            files.map(Path::getFileName).map(Path::toString).filter(f -> f.endsWith(".pid"))
                    .map(f -> f.substring(0, f.length() - 4)).filter(n -> !n.equals("supervisor"))
                    .forEach(name -> processes.pid(name).ifPresent(pid -> named.put(pid, name)));
        } catch (java.io.IOException e) {
            // no run directory: nothing named
        }
        return named;
    }
}
