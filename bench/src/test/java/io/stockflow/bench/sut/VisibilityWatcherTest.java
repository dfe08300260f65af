package io.stockflow.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.load.LatencyRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Redis on 127.0.0.1:6379, logical database 3 (the services' tests use 1 and 2, a running system 0). */
class VisibilityWatcherTest {

    private static final int DB = 3;
    private static final String URL = "redis://127.0.0.1:6379/" + DB;

    private Vertx vertx;
    private Redis redis;
    private Redis subscriber;
    private String previousNotifications;

    @BeforeEach
    void connect() throws Exception {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(URL).setMaxWaitingHandlers(10_000));
        subscriber = Redis.createClient(vertx, URL);
        await(redis.send(Request.cmd(Command.FLUSHDB)));
        previousNotifications = await(redis.send(Request.cmd(Command.CONFIG).arg("GET")
                .arg("notify-keyspace-events"))).get("notify-keyspace-events").toString();
        await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg("Kh")));
    }

    @AfterEach
    void close() throws Exception {
        await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg(previousNotifications)));
        await(redis.send(Request.cmd(Command.FLUSHDB)));
        await(vertx.close());
    }

    @Test
    void shouldTimeAChangeFromItsCommitToTheNotificationOfItsVersion() throws Exception {
        try (VisibilityWatcher watcher = new VisibilityWatcher(vertx, redis, Duration.ofSeconds(10))) {
            assertThat(await(watcher.start(subscriber, DB))).isTrue();
            LatencyRecorder recorder = new LatencyRecorder();
            await(watcher.startStep(recorder));
            Instant committed = Instant.now();
            watcher.watch(new WarehouseApi.Committed("SKU-000001", "WH-01", 3, committed));
            Thread.sleep(50);
            storeVersion("SKU-000001", "WH-01", 2); // an older version is not the change
            Thread.sleep(50);
            assertThat(await(watcher.counts())[0]).isZero();

            storeVersion("SKU-000001", "WH-01", 3);

            awaitCounts(watcher, 1, 0);
            recorder.tick(1);
            assertThat(recorder.total().getTotalCount()).isOne();
            assertThat(recorder.total().getMinValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(100));
        }
    }

    @Test
    void shouldSeeAChangeStoredBeforeItsResponseArrived() throws Exception {
        try (VisibilityWatcher watcher = new VisibilityWatcher(vertx, redis, Duration.ofSeconds(10))) {
            await(watcher.start(subscriber, DB));
            await(watcher.startStep(new LatencyRecorder()));
            Instant committed = Instant.now();
            storeVersion("SKU-000002", "WH-02", 7);
            Thread.sleep(50); // the notification beats the HTTP response

            watcher.watch(new WarehouseApi.Committed("SKU-000002", "WH-02", 7, committed));

            awaitCounts(watcher, 1, 0);
        }
    }

    @Test
    void shouldPollEveryWatchedLevelWithoutNotifications() throws Exception {
        try (VisibilityWatcher watcher = new VisibilityWatcher(vertx, redis, Duration.ofSeconds(10))) {
            assertThat(await(watcher.start(null, DB))).isFalse();
            await(watcher.startStep(new LatencyRecorder()));
            int levels = 3 * VisibilityWatcher.POLL_BUDGET; // more than one tick's budget
            for (int i = 0; i < levels; i++) {
                storeVersion("SKU-" + i, "WH-01", 1);
                watcher.watch(new WarehouseApi.Committed("SKU-" + i, "WH-01", 1, Instant.now()));
            }

            awaitCounts(watcher, levels, 0);
            assertThat(await(watcher.pending())).isZero();
        }
    }

    @Test
    void shouldCountAChangeLostWhenItsVersionNeverArrives() throws Exception {
        try (VisibilityWatcher watcher = new VisibilityWatcher(vertx, redis, Duration.ofMillis(200))) {
            await(watcher.start(null, DB));
            await(watcher.startStep(new LatencyRecorder()));
            storeVersion("SKU-000003", "WH-03", 4);

            watcher.watch(new WarehouseApi.Committed("SKU-000003", "WH-03", 5, Instant.now()));

            awaitCounts(watcher, 0, 1);
            assertThat(await(watcher.pending())).isZero();
        }
    }

    private void storeVersion(String productId, String warehouseId, long version) throws Exception {
        await(redis.send(Request.cmd(Command.HSET).arg(CatalogRedisLayout.levelKey(productId, warehouseId))
                .arg("version").arg(version)));
    }

    private static void awaitCounts(VisibilityWatcher watcher, long seen, long lost) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long[] counts = await(watcher.counts());
        while ((counts[0] != seen || counts[1] != lost) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            counts = await(watcher.counts());
        }
        assertThat(counts).containsExactly(seen, lost);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
