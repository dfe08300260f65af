package io.stockflow.bench;

import io.stockflow.bench.cost.CostComparison;
import io.stockflow.bench.cost.CostFile;
import io.stockflow.bench.cost.CostMeter;
import io.stockflow.bench.cost.CostSummary;
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

    /** Every phase in the order a run takes them; BENCH_PHASES picks which. */
    private static final List<Phase> PHASES = List.of(new PrimePhase(), new CostPhase(), new WritesPhase(),
            new EndToEnd(), new ReadsPhase(), new BulkPhase(), new WarmUp(), new VariantsPhase());

    /** The runs' raw costs, beside the report: what a later {@code --compare} reads. */
    static final String COSTS = "bench/results/costs.json";

    private Settle settle;

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

            settle = new Settle(config, vertx, warehouse, catalog, warehouseManagement, this::warehouseDbOrFail);
            Bench bench = new Bench(config, results, levels, vertx, lanes, cpu, charts, processes, warehouse, catalog,
                    catalogManagement, warehouseApi, catalogApi, settle, catalogUp);
            // the demo data's events may still be on their way to the catalog (200,000 of them on a fresh start)
            settle.settle("the first phase", catalogUp);
            vacuumWithoutAutovacuum("before the first phase");
            Map<String, Long> peakBeforeRestart = new java.util.TreeMap<>();
            for (Phase phase : PHASES) {
                if (!phases.contains(phase.name())) {
                    continue;
                }
                if (phase.needsCatalog() && !catalogUp) {
                    results.skipped.put(phase.title(), "catalog-service is not ready at " + config.catalogUrl());
                    continue;
                }
                vacuumIfWritten("before the " + phase.title() + " phase");
                if (phase.settlesFirst()) {
                    settle.settle("the " + phase.title() + " phase", catalogUp);
                }
                if (phase.restartsServices()) {
                    peakBeforeRestart.putAll(peakRss());
                }
                phase.run(bench);
                written |= phase.writes();
            }
            Map<String, Long> peak = peakRss();
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
                    results.machine.get("Git commit"), results.costRuns));
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

    private static String body(Http http, String path) throws Exception {
        return http.get(path).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
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

    private Connection warehouseDbOrFail() {
        try {
            return warehouseDb();
        } catch (SQLException e) {
            throw new IllegalStateException("the warehouse database does not answer: " + e.getMessage(), e);
        }
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
            Bench.say("VACUUM (ANALYZE) of the warehouse database " + done);
        } catch (Exception e) {
            Bench.say("could not vacuum the warehouse database: " + e.getMessage());
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

    /** The PostgreSQL postmaster and the Redis server the system uses, found once (their ids do not change). */
    private Map<Long, String> servers;

    /**
     * The postmaster from its data directory's postmaster.pid, Redis from {@code INFO server}: other
     * servers of the same kind on this machine are then told apart from the system's.
     */
    private Map<Long, String> servers() {
        if (servers != null) {
            return servers;
        }
        servers = new HashMap<>();
        try (Connection c = warehouseDb();
                ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            String first = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
            servers.put(Long.parseLong(first), "postgres");
        } catch (Exception e) {
            Bench.say("PostgreSQL's postmaster not found (" + e.getMessage() + "): every postgres process counts as its");
        }
        Redis redis = Redis.createClient(vertx, config.redisUrl());
        try {
            String info = await(redis.send(Request.cmd(Command.INFO).arg("server")), 5).toString();
            info.lines().filter(l -> l.startsWith("process_id:")).findFirst()
                    .ifPresent(l -> servers.put(Long.parseLong(l.substring("process_id:".length()).trim()), "redis"));
        } catch (Exception e) {
            Bench.say("Redis's process not found (" + e.getMessage() + "): every redis-server counts as its");
        } finally {
            redis.close();
        }
        return servers;
    }

    private Map<Long, String> namedPids() {
        Map<Long, String> named = new HashMap<>(servers());
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
