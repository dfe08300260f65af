package io.stockflow.catalog.service;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static io.stockflow.catalog.support.Levels.recentLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Kafka;
import io.stockflow.catalog.support.Products;
import io.stockflow.catalog.support.RedisCommands;
import io.stockflow.catalog.support.StockFixture;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.RedisTestServer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warm-up racing live events, and drift repair after missed events, a flushed Redis or forged levels. */
@QuarkusTest
class CacheWarmAndSyncTest {

    @Inject
    StockFixture stock;

    @Inject
    CacheWarmer warmer;

    @Inject
    StockSync sync;

    @Inject
    StockStore store;

    @Inject
    AheadRepair ahead;

    @Inject
    RedisPipeline redis;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisUrl;

    /** The checkpoint lives in Redis and outlives a test run; the fake warehouse's levels do not. */
    @BeforeEach
    void forgetTheLastRunsCheckpoint() {
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.SYNC_CHECKPOINT));
    }

    private Optional<StockJson> stock(String productId) {
        return stock.stored(productId);
    }

    @Test
    void shouldWarmTheCacheBeforeReadinessAndReportIt() {
        String product = newProductId();
        Products.create(product, "warm");
        FakeWarehouse.put(level(product, "WH-1", 12, 2, 4));

        CacheWarmer.WarmupResult result = warmer.warm();

        assertThat(warmer.isWarm()).isTrue();
        assertThat(result.levels()).isPositive();
        assertThat(stock(product).orElseThrow().available()).isEqualTo(10);
        assertThat(registry.get("catalog.warmup.levels").gauge().value()).isEqualTo(result.levels());
    }

    @Test
    void shouldKeepALiveEventThatArrivesWhileTheWarmUpSnapshotIsInFlight() throws Exception {
        String product = newProductId();
        Products.create(product, "warm");
        FakeWarehouse.put(level(product, "WH-1", 30, 0, 3)); // the snapshot the warm-up will see
        CountDownLatch inFlight = FakeWarehouse.holdBulkCallsFor(product);

        CompletableFuture<CacheWarmer.WarmupResult> warming = CompletableFuture.supplyAsync(warmer::warm);
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).isTrue();
        Kafka.send(StockEvents.TOPIC, List.of(Events.adjusted(level(product, "WH-1", 50, 0, 5))));
        await().atMost(Duration.ofSeconds(20)).until(() -> stock(product).map(s -> s.onHand() == 50).orElse(false));
        FakeWarehouse.releaseBulkCalls();
        warming.get(30, TimeUnit.SECONDS);

        assertThat(stock(product).orElseThrow().onHand()).isEqualTo(50);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "5");
    }

    @Test
    void shouldRepairALevelWhoseEventWasMissed() {
        sync.syncOnce(); // catch up to now
        String product = newProductId();
        FakeWarehouse.put(recentLevel(product, "WH-1", 9, 2)); // changed in the warehouse; its event never came
        double repairedBefore = repaired();

        StockSync.SyncResult result = sync.syncOnce();

        assertThat(result.levelsRepaired()).isGreaterThanOrEqualTo(1);
        assertThat(stock(product).orElseThrow().onHand()).isEqualTo(9);
        assertThat(repaired()).isGreaterThan(repairedBefore);
        assertThat(sync.syncOnce().levelsRepaired()).isZero();
    }

    @Test
    void shouldReReadLevelsTheEventsBroughtWithoutCallingTheApplyScript() {
        assumeFalse(RedisTestServer.cluster(), "INFO commandstats counts one node of a cluster");
        sync.syncOnce(); // catch up to now
        String product = newProductId();
        LevelState current = recentLevel(product, "WH-1", 9, 2);
        FakeWarehouse.put(current);
        stock.apply(Events.adjusted(current)); // its event came: Redis holds it at the warehouse's version
        long scriptCalls = RedisCommands.scripts(redis);

        StockSync.SyncResult result = sync.syncOnce();

        assertThat(result.levelsSeen()).isGreaterThanOrEqualTo(1);
        assertThat(result.levelsRepaired()).isZero();
        assertThat(RedisCommands.scripts(redis)).as("apply script calls").isEqualTo(scriptCalls);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "2");
    }

    @Test
    void shouldRepairAFlushedRedisOnTheNextSync() {
        // never flush the running system's database: the tests' own db, or the tests' own cluster
        assertThat(redisUrl.endsWith("/1") || RedisTestServer.cluster()).as(redisUrl).isTrue();
        String product = newProductId();
        FakeWarehouse.put(recentLevel(product, "WH-1", 40, 7));
        FakeWarehouse.put(recentLevel(product, "WH-2", 2, 3));
        Kafka.send(StockEvents.TOPIC, List.of(Events.adjusted(recentLevel(product, "WH-1", 40, 7))));
        await().atMost(Duration.ofSeconds(20)).until(() -> stock(product).isPresent());

        redis.sendOne(Request.cmd(Command.FLUSHDB));
        assertThat(stock(product)).isEmpty();
        StockSync.SyncResult result = sync.syncOnce();

        assertThat(result.levelsRepaired()).isGreaterThanOrEqualTo(2);
        StockJson stock = stock(product).orElseThrow();
        assertThat(stock.onHand()).isEqualTo(42);
        assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
    }

    @Test
    void shouldPauseBetweenThePagesOfAPacedRun() {
        sync.syncOnce(); // catch up to now
        for (int i = 0; i < 600; i++) {
            FakeWarehouse.put(recentLevel(newProductId(), "WH-1", 1, 1));
        }
        Duration pause = Duration.ofMillis(300);

        long started = System.nanoTime();
        StockSync.SyncResult result = sync.syncOnce(pause);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.pages()).isGreaterThanOrEqualTo(3);
        assertThat(took).isGreaterThanOrEqualTo(pause.multipliedBy(result.pages() - 1));
    }

    @Test
    void shouldResetALevelForgedAheadOfTheWarehouseOnTheNextSync() {
        sync.syncOnce(); // catch up to now
        String product = newProductId();
        FakeWarehouse.put(recentLevel(product, "WH-1", 100, 5));
        sync.syncOnce();
        // a forged event with a high version: every later real event would look stale
        stock.adjusted(level(product, "WH-1", 999_999, 0, 999));
        FakeWarehouse.put(recentLevel(product, "WH-1", 90, 6));
        stock.adjusted(recentLevel(product, "WH-1", 90, 6));
        assertThat(stock(product).orElseThrow().onHand()).as("the real event looked stale").isEqualTo(999_999);
        double aheadBefore = repairedAhead();

        StockSync.SyncResult result = sync.syncOnce();

        assertThat(result.levelsAheadRepaired()).isEqualTo(1);
        assertThat(stock(product).orElseThrow().onHand()).isEqualTo(90);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "6");
        assertThat(repairedAhead()).isEqualTo(aheadBefore + 1);
        stock.adjusted(recentLevel(product, "WH-1", 80, 7));
        assertThat(stock(product).orElseThrow().onHand()).as("real events apply again").isEqualTo(80);
    }

    @Test
    void shouldResetForgedLevelsNobodyChangesAgainWhenTheAuditReachesTheirProduct() {
        String product = newProductId();
        Products.create(product, "audit");
        FakeWarehouse.put(level(product, "WH-1", 100, 10, 5));
        stock.adjusted(level(product, "WH-1", 100, 10, 5));
        stock.adjusted(level(product, "WH-1", 999_999, 0, 999));
        stock.adjusted(level(product, "WH-GHOST", 5_000, 0, 3));
        assertThat(stock(product).orElseThrow().onHand()).isEqualTo(1_004_999);

        StockSync.AuditResult result = sync.audit(List.of(product));

        assertThat(result.levelsAheadRepaired()).isEqualTo(2);
        StockJson repaired = stock(product).orElseThrow();
        assertThat(repaired.warehouses()).containsOnlyKeys("WH-1");
        assertThat(repaired.onHand()).isEqualTo(100);
        assertThat(repaired.available()).isEqualTo(90);
        assertThat(store.level(product, "WH-GHOST")).isEmpty();
        given().get("/v1/products/{id}", product).then().statusCode(200)
                .body("stock.onHand", equalTo(100)).body("stock.warehouses.'WH-GHOST'", nullValue());
        assertThat(sync.audit(List.of(product)).levelsAheadRepaired()).as("nothing left to repair").isZero();
    }

    @Test
    void shouldKeepALevelRedisHoldsAheadOfAStaleSnapshotWhenTheWarehouseHasIt() {
        String product = newProductId();
        FakeWarehouse.put(level(product, "WH-1", 60, 0, 6)); // the warehouse now
        stock.adjusted(level(product, "WH-1", 60, 0, 6));

        // a page read before the event committed: Redis is ahead of it, legitimately
        long repaired = ahead.check(Map.of(product, List.of(level(product, "WH-1", 50, 0, 5))), false);

        assertThat(repaired).isZero();
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "6").containsEntry("onHand", "60");
    }

    @Test
    void shouldReadOnlyAPagesOwnLevelsWhenComparingItWithRedis() {
        String product = newProductId();
        stock.adjusted(level(product, "WH-1", 60, 0, 6));
        stock.adjusted(level(product, "WH-2", 70, 0, 9));

        Map<String, Map<String, Long>> stored = store.storedVersions(Map.of(product,
                List.of(level(product, "WH-1", 60, 0, 6), level(product, "WH-3", 1, 0, 1))));

        assertThat(stored).containsOnlyKeys(product);
        assertThat(stored.get(product)).as("WH-2 was not asked for, WH-3 is not stored").containsOnlyKeys("WH-1")
                .containsEntry("WH-1", 6L);
    }

    private double repairedAhead() {
        return registry.get("catalog.sync.repaired.ahead").counter().count();
    }

    private double repaired() {
        return registry.get("catalog.sync.repaired").counter().count();
    }
}
