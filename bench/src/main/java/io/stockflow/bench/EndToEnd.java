package io.stockflow.bench;

import io.stockflow.bench.load.LatencyRecorder;
import io.stockflow.bench.load.Operation;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.DemoLevels;
import io.stockflow.bench.sut.VisibilityWatcher;
import io.stockflow.bench.sut.WarehouseApi;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * 2. End to end: adjustments at the warehouse, each timed until the catalog's Redis holds its version.
 * Turns on keyspace notifications for hashes while it runs (and restores the previous setting).
 */
final class EndToEnd implements Phase {

    private BenchConfig config;
    private Vertx vertx;
    private DemoLevels levels;
    private WarehouseApi warehouse;
    private Results results;
    private RateSearch search;

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String title() {
        return "end to end";
    }

    @Override
    public boolean needsCatalog() {
        return true;
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public void run(Bench b) throws Exception {
        this.config = b.config();
        this.vertx = b.vertx();
        this.levels = b.levels();
        this.warehouse = b.warehouse();
        this.results = b.results();
        this.search = b.search();
        measure();
        chart(b.charts());
    }

    private void chart(io.stockflow.bench.report.Charts charts) throws Exception {
        if (results.e2eFixed != null) {
            results.charts.add(new Results.Chart(charts.stepOverTime("e2e-over-time.png", String.format(
                    "End to end at %,.0f events/s: commit to visible in catalog Redis", results.e2eFixed.targetRate()),
                    results.e2eFixed), "End to end: latency over time"));
        }
        List<StepResult> all = new ArrayList<>();
        if (results.e2eFixed != null) {
            all.add(results.e2eFixed);
        }
        if (results.e2eSearch != null) {
            all.addAll(results.e2eSearch.steps());
        }
        if (!all.isEmpty()) {
            results.charts.add(new Results.Chart(charts.distribution("e2e-distribution.png",
                    "End to end: latency distribution per rate", all, Bench.labels(all)), "End to end: latency distribution"));
        }
    }

    private void measure() throws Exception {
        RedisOptions options = new RedisOptions().setConnectionString(config.redisUrl()).setMaxPoolSize(8)
                .setMaxPoolWaiting(config.maxInFlight()).setMaxWaitingHandlers(config.maxInFlight());
        Redis redis = Redis.createClient(vertx, options);
        Redis subscriber = Redis.createClient(vertx, config.redisUrl());
        String previous = null;
        try (VisibilityWatcher watcher = new VisibilityWatcher(vertx, redis, config.e2eVisibilityTimeout())) {
            boolean notifications;
            try {
                previous = enableNotifications(redis);
                notifications = BenchRun.await(watcher.start(subscriber, database()), 10);
            } catch (Exception e) {
                System.err.println("    keyspace notifications unavailable, polling instead: " + e);
                results.notes.add("keyspace notifications unavailable (" + e + "): polled instead");
                notifications = BenchRun.await(watcher.start(null, database()), 10);
            }
            results.e2eDetection = notifications
                    ? "keyspace notifications on the level keys, then one `HGET version` per notification"
                    : "polling `HGET version` of each watched level every 20 ms";

            // the pipeline's latency, not the HTTP write path's capacity (section 1 measures that): when
            // the warehouse could not take this many single adjustments a second, the events come in small batches
            double singleCapacity = results.writes == null ? 0 : results.writes.bestRate();
            results.e2eFixedLines = singleCapacity >= config.e2eRate() ? 1 : config.e2eFixedBatchLines();
            Bench.say(String.format("2. end to end at %,.0f events/s for %d s (%s, %s)", config.e2eRate(),
                    config.e2eLength().toSeconds(), notifications ? "keyspace notifications" : "polling",
                    results.e2eFixedLines == 1 ? "single adjustments" : results.e2eFixedLines + "-line batches"));
            results.e2eFixed = step(watcher, config.e2eRate(), config.e2eLength(), results.e2eFixedLines);
            Bench.say("2. end to end: highest sustained rate, p99 limit " + config.e2eP99Ms() + " ms");
            List<StepResult> steps = new ArrayList<>();
            for (double rate : config.e2eRates()) {
                StepResult step = step(watcher, rate, config.stepLength(),
                        rate > config.e2eSingleMaxRate() ? config.e2eBatchLines() : 1);
                steps.add(step);
                if (!step.sustained(config.e2eP99Ms())) {
                    break;
                }
            }
            results.e2eSearch = new RateSearch.Outcome("end to end", config.e2eP99Ms(), steps);
        } finally {
            if (previous != null) {
                BenchRun.await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events")
                        .arg(previous)), 5);
            }
            subscriber.close();
            redis.close();
        }
    }

    /** One measured rate: HTTP load by {@link RateSearch#once}, visibility from the watcher. */
    private StepResult step(VisibilityWatcher watcher, double eventsPerSecond, Duration length, int lines)
            throws Exception {
        boolean batches = lines > 1;
        Operation operation = batches
                ? callback -> warehouse.adjustBatchAndRead(levels.distinctLevels(lines)).onComplete(r -> {
                    if (r.succeeded()) {
                        r.result().forEach(watcher::watch);
                        callback.succeeded();
                    } else {
                        callback.failed(r.cause());
                    }
                })
                : callback -> warehouse.adjustAndRead(levels.randomLevel()).onComplete(r -> {
                    if (r.succeeded()) {
                        watcher.watch(r.result());
                        callback.succeeded();
                    } else {
                        callback.failed(r.cause());
                    }
                });

        LatencyRecorder recorder = new LatencyRecorder();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long warmUpMs = config.warmUp().toMillis();
        long[] measureStart = new long[1];
        // what the warm-up changed is forgotten when the measured window starts
        ticker.schedule(() -> {
            measureStart[0] = System.nanoTime();
            watcher.startStep(recorder);
        }, warmUpMs, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(() -> recorder.tick((System.nanoTime() - measureStart[0]) / 1e9),
                warmUpMs + 1000, 1000, TimeUnit.MILLISECONDS);
        StepResult http;
        try {
            http = search.once(batches ? "e2e http (batch)" : "e2e http", eventsPerSecond / lines, length, operation);
            long deadline = System.nanoTime() + config.e2eVisibilityTimeout().toNanos() + 1_000_000_000L;
            while (BenchRun.await(watcher.pending(), 5) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        recorder.tick((System.nanoTime() - measureStart[0]) / 1e9);
        long[] counts = BenchRun.await(watcher.counts(), 5);
        long seen = counts[0];
        long unseen = counts[1] + BenchRun.await(watcher.pending(), 5) + http.errors() * lines;
        // a rate counts as carried only if the warehouse took it too
        double achieved = Math.min(seen / (length.toNanos() / 1e9), http.achievedRate() * lines);
        StepResult result = new StepResult(batches ? "e2e (batches)" : "e2e", eventsPerSecond, achieved, seen + unseen, unseen, recorder.total(), recorder.series(), http.cpu());
        Bench.progress(result);
        return result;
    }

    /** Turns on keyspace notifications for hash commands; returns the setting to restore. */
    private String enableNotifications(Redis redis) throws Exception {
        Response reply = BenchRun.await(redis.send(Request.cmd(Command.CONFIG).arg("GET")
                .arg("notify-keyspace-events")), 5);
        String current;
        try {
            current = reply.get("notify-keyspace-events").toString(); // RESP3: a map
        } catch (RuntimeException resp2) {
            current = reply.get(1).toString(); // RESP2: [name, value]
        }
        boolean keyspace = current.contains("K");
        boolean hashes = current.contains("h") || current.contains("A");
        if (keyspace && hashes) {
            return null;
        }
        String wanted = current + (keyspace ? "" : "K") + (hashes ? "" : "h");
        BenchRun.await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg(wanted)), 5);
        return current;
    }

    private int database() {
        String path = URI.create(config.redisUrl()).getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }
}
