package io.stockflow.e2e.chaos;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Samples the version of every level in the catalog's Redis a few times a second while a scenario
 * runs, and remembers each time one was lower than a version seen before: a version that went
 * backwards. A level missing (Redis flushed, not yet repaired) is not a regression; the same old
 * version coming back after it is.
 */
public final class VersionWatch implements AutoCloseable {

    private final List<Level> levels;
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;
    private final Map<Level, Long> highest = new HashMap<>();
    private final ConcurrentLinkedQueue<String> regressions = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long samples;

    public VersionWatch(String redisUrl, List<Level> levels) {
        this.levels = List.copyOf(levels);
        this.redis = Redis.createClient(vertx, redisUrl);
        this.thread = new Thread(this::loop, "chaos-version-watch");
        thread.setDaemon(true);
    }

    public VersionWatch start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            sample();
            Workload.pause(200);
        }
    }

    /** Reads every level once; Redis being away for a moment only skips a sample. */
    void sample() {
        List<Request> requests = new ArrayList<>();
        levels.forEach(level -> requests.add(Request.cmd(Command.HGET).arg(level.redisKey()).arg("version")));
        List<Response> versions;
        try {
            versions = redis.batch(requests).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception unavailable) {
            return;
        }
        synchronized (highest) {
            for (int i = 0; i < levels.size(); i++) {
                Response version = versions.get(i);
                if (version == null) {
                    continue;
                }
                long now = version.toLong();
                Long before = highest.get(levels.get(i));
                if (before != null && now < before) {
                    regressions.add(levels.get(i) + " went from version " + before + " back to " + now);
                } else {
                    highest.put(levels.get(i), now);
                }
            }
        }
        samples++;
    }

    public List<String> regressions() {
        return List.copyOf(regressions);
    }

    public long samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        redis.close();
        vertx.close();
    }
}
