package io.stockflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every knob of the harness: an environment variable, overridable by a {@code NAME=value} argument,
 * each with a default for the local run (deploy/local/run.sh start with its demo data).
 */
public record BenchConfig(Map<String, String> values) {

    public static final Set<String> ALL_PHASES = Set.of("prime", "cost", "writes", "e2e", "reads", "bulk",
            "warmup", "variants");

    public static BenchConfig from(Map<String, String> env, String[] args) {
        Map<String, String> values = new HashMap<>(env);
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are NAME=value, e.g. BENCH_PHASES=writes,bulk; got " + arg);
            }
            values.put(a.substring(0, eq).toUpperCase().replace('-', '_'), a.substring(eq + 1));
        }
        return new BenchConfig(values);
    }

    private String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    private Duration seconds(String name, double fallback) {
        return Duration.ofMillis((long) (Double.parseDouble(get(name, Double.toString(fallback))) * 1000));
    }

    private List<Double> rates(String name, String fallback) {
        return Arrays.stream(get(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Double::parseDouble).toList();
    }

    public Set<String> phases() {
        String p = get("BENCH_PHASES", "all");
        return p.equals("all") ? ALL_PHASES : Arrays.stream(p.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    public String warehouseUrl() { return get("WAREHOUSE_URL", "http://127.0.0.1:8081"); }
    public String catalogUrl() { return get("CATALOG_URL", "http://127.0.0.1:8082"); }
    /** Health and metrics: the services' management interfaces (no key). */
    public String warehouseManagementUrl() { return get("WAREHOUSE_MANAGEMENT_URL", "http://127.0.0.1:9081"); }
    public String catalogManagementUrl() { return get("CATALOG_MANAGEMENT_URL", "http://127.0.0.1:9082"); }
    public String warehouseDbUrl() { return get("WAREHOUSE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/warehouse"); }
    public String dbUser() { return get("DB_USER", "postgres"); }
    public String dbPassword() { return get("DB_PASSWORD", ""); }
    public String redisUrl() { return get("REDIS_URL", "redis://127.0.0.1:6379/0"); }
    public String apiKey() { return get("API_KEY", "demo"); }
    public String adminApiKey() { return get("ADMIN_API_KEY", "admin-demo"); }
    public String kafkaBootstrapServers() { return get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"); }
    public String kafkaTopic() { return get("KAFKA_TOPIC", "warehouse.stock"); }
    public String catalogGroupId() { return get("CATALOG_CONSUMER_GROUP_ID", "catalog"); }
    /** A sentence the report carries under "Notes from the run", e.g. how the services were configured. */
    public java.util.Optional<String> note() { return java.util.Optional.of(get("BENCH_NOTE", "")).filter(n -> !n.isEmpty()); }
    public Path runDir() { return Path.of(get("RUN_DIR", "deploy/local/.run")); }
    public Path outputDir() { return Path.of(get("BENCH_OUTPUT", ".")); }

    /** The demo data: SKU-000001.. × WH-01.. */
    public int products() { return integer("BENCH_PRODUCTS", 10_000); }
    public int warehouses() { return integer("BENCH_WAREHOUSES", 20); }

    public Duration warmUp() { return seconds("BENCH_WARMUP_SECONDS", 5); }
    /** Unrecorded load on every endpoint before the first measurement, so the JIT has compiled the hot paths. */
    public Duration primeLength() { return seconds("BENCH_PRIME_SECONDS", 30); }
    public Duration stepLength() { return seconds("BENCH_STEP_SECONDS", 10); }
    public Duration drainTimeout() { return seconds("BENCH_DRAIN_SECONDS", 10); }
    public int maxInFlight() { return integer("BENCH_MAX_IN_FLIGHT", 20_000); }
    public int eventLoops() { return integer("BENCH_EVENT_LOOPS", 2); }
    public int httpConnections() { return integer("BENCH_HTTP_CONNECTIONS", 64); }

    // 0. cost per operation, at fixed moderate rates
    /** Runs of every cost measurement: the report gives each figure's median and spread across them. */
    public int costRuns() { return integer("BENCH_COST_RUNS", 3); }
    public int costUnrecordedRuns() { return integer("BENCH_COST_UNRECORDED_RUNS", 1); }
    public Duration costLength() { return seconds("BENCH_COST_SECONDS", 20); }
    /** The idle window each run measures first: its CPU is taken off every measurement of the run. */
    public Duration costIdleLength() { return seconds("BENCH_COST_IDLE_SECONDS", 10); }
    public double costWriteRate() { return Double.parseDouble(get("BENCH_COST_WRITE_RATE", "200")); }
    /**
     * {@code BENCH_COST_ONLY}: the cost measurements to run, separated by commas without a space after them
     * (the names hold ", "), by the start of their names in the table
     * ("event", "adjustment, JDBC"), or by the whole name followed by {@code $} ("adjustment$": single
     * adjustments, not their ceilings); all of them when unset. For experiments: a partial table is no baseline.
     */
    public boolean costWanted(String name) {
        String only = get("BENCH_COST_ONLY", "");
        return only.isBlank() || Arrays.stream(only.split(",(?! )")).map(String::trim).filter(s -> !s.isEmpty())
                .anyMatch(s -> s.endsWith("$") ? name.equals(s.substring(0, s.length() - 1)) : name.startsWith(s));
    }
    public double costE2eRate() { return Double.parseDouble(get("BENCH_COST_E2E_RATE", "1000")); }
    public int costE2eLines() { return integer("BENCH_COST_E2E_LINES", 10); }
    public double costReadRate() { return Double.parseDouble(get("BENCH_COST_READ_RATE", "2000")); }
    /** Bulk reads a second for their cost: enough that the idle baseline taken off is small beside them. */
    public double costBulkRate() { return Double.parseDouble(get("BENCH_COST_BULK_RATE", "20")); }
    /** An earlier run's costs.json: each cost figure is printed beside it and flagged when it grew. */
    public java.util.Optional<Path> compareWith() {
        String p = get("BENCH_COMPARE", "");
        return p.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(p));
    }

    // 1. warehouse writes
    public List<Double> writeRates() { return rates("BENCH_WRITE_RATES", "100,250,375,500,625,750,1000,1500,2000,3000,4000,6000"); }
    public double writeP99Ms() { return Double.parseDouble(get("BENCH_WRITE_P99_MS", "50")); }
    /** The service's JDBC pool (DB_POOL_MAX, 32): the ceiling runs the same number of connections. */
    public int dbConcurrency() { return integer("BENCH_DB_CONCURRENCY", 32); }
    public int batchLines() { return integer("BENCH_BATCH_LINES", 100); }
    public int batchConcurrency() { return integer("BENCH_BATCH_CONCURRENCY", 4); }
    public Duration batchLength() { return seconds("BENCH_BATCH_SECONDS", 10); }

    // 2. end to end
    public double e2eRate() { return Double.parseDouble(get("BENCH_E2E_RATE", "1000")); }
    public Duration e2eLength() { return seconds("BENCH_E2E_SECONDS", 60); }
    public List<Double> e2eRates() { return rates("BENCH_E2E_RATES", "2000,3500,5000,7500,10000"); }
    public double e2eP99Ms() { return Double.parseDouble(get("BENCH_E2E_P99_MS", "100")); }
    /** Above this rate the end-to-end search sends batches (the issue allows the batch endpoint). */
    public double e2eSingleMaxRate() { return Double.parseDouble(get("BENCH_E2E_SINGLE_MAX_RATE", "1000")); }
    public int e2eBatchLines() { return integer("BENCH_E2E_BATCH_LINES", 100); }
    /** Lines per request of the fixed-rate run when the warehouse did not sustain that rate of single adjustments. */
    public int e2eFixedBatchLines() { return integer("BENCH_E2E_FIXED_BATCH_LINES", 10); }
    public Duration e2eVisibilityTimeout() { return seconds("BENCH_E2E_TIMEOUT_SECONDS", 10); }

    // 3. catalog reads
    public List<Double> readRates() { return rates("BENCH_READ_RATES", "500,1000,2000,5000,7500,10000,15000,20000,25000,30000"); }
    public List<Double> redisRates() { return rates("BENCH_REDIS_RATES", "5000,10000,20000,30000,40000,50000"); }
    public double readP99Ms() { return Double.parseDouble(get("BENCH_READ_P99_MS", "10")); }

    // 3./4. bulk reads of 1000 ids
    public int bulkIds() { return integer("BENCH_BULK_IDS", 1000); }
    public double bulkRate() { return Double.parseDouble(get("BENCH_BULK_RATE", "5")); }
    /** Measured seconds of each bulk step: at 5 requests/s, 10 s would make the p99 the slowest of 50. */
    public Duration bulkLength() { return seconds("BENCH_BULK_SECONDS", 30); }

    // 5. warm-up
    public Duration warmupTimeout() { return seconds("BENCH_WARMUP_TIMEOUT_SECONDS", 180); }
    /** The settings the report lists, in its order. */
    public Map<String, String> described() {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("BENCH_PHASES", String.join(",", new java.util.TreeSet<>(phases())));
        s.put("BENCH_PRIME_SECONDS", fmt(primeLength()));
        s.put("BENCH_WARMUP_SECONDS", fmt(warmUp()));
        s.put("BENCH_STEP_SECONDS", fmt(stepLength()));
        s.put("BENCH_HTTP_CONNECTIONS", Integer.toString(httpConnections()));
        s.put("BENCH_EVENT_LOOPS", Integer.toString(eventLoops()));
        s.put("BENCH_PRODUCTS", Integer.toString(products()));
        s.put("BENCH_WAREHOUSES", Integer.toString(warehouses()));
        s.put("BENCH_WRITE_RATES", writeRates().toString());
        s.put("BENCH_DB_CONCURRENCY", Integer.toString(dbConcurrency()));
        s.put("BENCH_BATCH_LINES", Integer.toString(batchLines()));
        s.put("BENCH_BATCH_CONCURRENCY", Integer.toString(batchConcurrency()));
        s.put("BENCH_E2E_RATE", fmt(e2eRate()));
        s.put("BENCH_E2E_SECONDS", fmt(e2eLength()));
        s.put("BENCH_E2E_RATES", e2eRates().toString());
        s.put("BENCH_E2E_SINGLE_MAX_RATE", fmt(e2eSingleMaxRate()));
        s.put("BENCH_E2E_BATCH_LINES", Integer.toString(e2eBatchLines()));
        s.put("BENCH_E2E_FIXED_BATCH_LINES", Integer.toString(e2eFixedBatchLines()));
        s.put("BENCH_READ_RATES", readRates().toString());
        s.put("BENCH_REDIS_RATES", redisRates().toString());
        s.put("BENCH_BULK_IDS", Integer.toString(bulkIds()));
        s.put("BENCH_BULK_RATE", fmt(bulkRate()));
        s.put("BENCH_BULK_SECONDS", fmt(bulkLength()));
        return s;
    }

    private static String fmt(Duration d) {
        return fmt(d.toMillis() / 1000.0);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
