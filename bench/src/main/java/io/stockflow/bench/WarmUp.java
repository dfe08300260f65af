package io.stockflow.bench;

import io.stockflow.bench.report.Results;
import io.stockflow.bench.system.ServiceProcesses;
import io.stockflow.bench.sut.Http;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 5. Cache warm-up: stop the catalog, flush its Redis database, start it again exactly as run.sh did,
 * and time process start to /q/health/ready (the catalog reports ready only once its cache is warm).
 */
final class WarmUp implements Phase {

    private BenchConfig config;
    private ServiceProcesses processes;
    /** The catalog's management interface: readiness and metrics. */
    private Http catalogManagement;
    private Vertx vertx;
    private Results results;

    @Override
    public String name() {
        return "warmup";
    }

    @Override
    public String title() {
        return "warm-up";
    }

    @Override
    public boolean needsCatalog() {
        return true;
    }

    @Override
    public boolean restartsServices() {
        return true;
    }

    @Override
    public void run(Bench b) throws Exception {
        this.config = b.config();
        this.processes = b.processes();
        this.catalogManagement = b.catalogManagement();
        this.vertx = b.vertx();
        this.results = b.results();
        if (processes.pid("catalog").isEmpty()) {
            results.skipped.put("warm-up", "no live catalog PID file in " + config.runDir().toAbsolutePath()
                    + ": the harness restarts only a catalog that deploy/local/run.sh started");
            return;
        }
        Bench.say("5. catalog cold start: stop, FLUSHDB on " + config.redisUrl() + ", start, wait for ready");
        Redis redis = Redis.createClient(vertx, config.redisUrl());
        try {
            ServiceProcesses.Restarted restarted = processes.restart("catalog", Duration.ofSeconds(30), () -> {
                try {
                    BenchRun.await(redis.send(Request.cmd(Command.FLUSHDB)), 30);
                } catch (Exception e) {
                    throw new IllegalStateException("FLUSHDB failed: " + e.getMessage(), e);
                }
            });
            long deadline = restarted.startedNanos() + config.warmupTimeout().toNanos();
            boolean ready = false;
            while (!ready && System.nanoTime() < deadline) {
                try {
                    BenchRun.await(catalogManagement.get("/q/health/ready"), 5);
                    ready = true;
                } catch (Exception notYet) {
                    Thread.sleep(50);
                }
            }
            double seconds = (System.nanoTime() - restarted.startedNanos()) / 1e9;
            if (!ready) {
                results.skipped.put("warm-up", String.format("the restarted catalog (pid %d) was not ready after "
                        + "%.0f s; see its log", restarted.pid(), seconds));
                return;
            }
            String metrics = BenchRun.await(catalogManagement.get("/q/metrics"), 10).toString();
            long keys = BenchRun.await(redis.send(Request.cmd(Command.DBSIZE)), 5).toLong();
            results.warmup = new Results.Warmup(seconds, gauge(metrics, "catalog_warmup_duration_seconds").orElse(null),
                    gauge(metrics, "catalog_warmup_levels").orElse(null), keys);
            System.out.printf("    ready %.1f s after start (pid %d); warm-up metric %s s, %s levels, %,d Redis keys%n",
                    seconds, restarted.pid(), results.warmup.warmupMetricSeconds(), results.warmup.levelsMetric(), keys);
        } finally {
            redis.close();
        }
    }

    /** A gauge's value from Prometheus text, if present. */
    static Optional<Double> gauge(String prometheus, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(prometheus);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
