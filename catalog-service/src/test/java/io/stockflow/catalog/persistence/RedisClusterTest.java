package io.stockflow.catalog.persistence;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.ProductReads.Snapshot;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.Kafka;
import io.stockflow.catalog.support.Products;
import io.stockflow.catalog.support.Stocks;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.LocalRedisCluster;
import io.stockflow.testsupport.RedisTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The read model on a real Redis Cluster (three masters with a replica each, {@link LocalRedisCluster}):
 * what the rest of the suite proves on one node holds when products live on different nodes, and a
 * master's failover while events apply loses nothing. Runs only in the cluster execution of the build.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = RedisTestServer.PROPERTY, matches = "cluster")
class RedisClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

    @Inject
    ProductReads reads;

    @Inject
    NearCache nearCache;

    @Inject
    RedisPipeline redis;

    @Test
    void shouldPipelineProductsOfEveryMasterInOneCall() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(newProductId());
        }
        assertThat(ids.stream().map(id -> LocalRedisCluster.masterOf(StockKeys.total(id))).collect(Collectors.toSet()))
                .as("the products' slots are spread over the three masters")
                .hasSize(3);

        List<StockChange> changes = ids.stream()
                .map(id -> StockChange.snapshot(id, List.of(level(id, "WH-1", 7, 2, 1), level(id, "WH-2", 3, 0, 1))))
                .toList();
        assertThat(store.apply(changes)).hasSize(60).containsOnly(2L);

        Snapshot snapshot = reads.read(ids).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(snapshot.hasAllStock()).isTrue();
        for (int i = 0; i < ids.size(); i++) {
            StockJson stock = Stocks.parse(snapshot.stock().get(i));
            assertThat(stock.onHand()).as(ids.get(i)).isEqualTo(10);
            assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
        }
        assertThat(store.storedVersions(ids)).hasSize(60)
                .allSatisfy((id, levels) -> assertThat(levels).containsOnly(Map.entry("WH-1", 1L), Map.entry("WH-2", 1L)));
        // the same changes again: every product's event-less snapshot is the same level, so nothing is written
        assertThat(store.apply(changes)).containsOnly(0L);
    }

    @Test
    void shouldServeProductsWithTheNearCacheOffOnACluster() {
        String id = newProductId();
        Products.create(id, "tools");
        store.apply(List.of(StockChange.snapshot(id, List.of(level(id, "WH-1", 4, 1, 1)))));

        given().get("/v1/products/{id}", id).then().statusCode(200);
        given().get("/v1/products/{id}", id).then().statusCode(200);

        assertThat(nearCache.tracking()).as("no tracking on a cluster: it is per node").isFalse();
        assertThat(nearCache.fill(id)).isNull();
        assertThat(nearCache.get(id)).isNull();
    }

    @Test
    void shouldApplyEveryEventOnceWhileAMasterFailsOver() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(newProductId());
        }
        String failing = StockKeys.total(ids.get(0));
        int replica = LocalRedisCluster.replicaOf(failing);
        assertThat(LocalRedisCluster.cli(replica, "SCRIPT", "EXISTS", scriptSha()).trim())
                .as("a replica has no script cache of its master's: promoted, it answers NOSCRIPT first")
                .isEqualTo("0");

        int rounds = 30;
        AtomicInteger sent = new AtomicInteger();
        Thread producer = new Thread(() -> {
            List<CloudEvent> previous = List.of();
            for (int version = 1; version <= rounds; version++) {
                List<CloudEvent> round = new ArrayList<>();
                for (String id : ids) {
                    round.add(Events.adjusted(level(id, "WH-1", 10L * version, 0, version)));
                    round.add(Events.adjusted(level(id, "WH-2", version, 1, version)));
                }
                List<CloudEvent> batch = new ArrayList<>(round);
                batch.addAll(previous); // the previous round redelivered, same ids: duplicates
                Kafka.send(StockEvents.TOPIC, batch);
                previous = round;
                sent.incrementAndGet();
            }
        }, "cluster-test-producer");

        // versions as the catalog stores them, read all along: never one lower than seen before
        Map<String, Long> seen = new ConcurrentHashMap<>();
        List<String> regressions = new CopyOnWriteArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    store.storedVersions(ids).forEach((id, levels) -> levels.forEach((warehouse, version) -> {
                        Long before = seen.put(id + "/" + warehouse, version);
                        if (before != null && version < before) {
                            regressions.add(id + "/" + warehouse + ": " + before + " then " + version);
                        }
                    }));
                } catch (RedisUnavailableException e) {
                    // the moment of the failover: the next read sees the new master
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }, "cluster-test-watcher");

        producer.start();
        watcher.start();
        await().atMost(WAIT).until(() -> sent.get() >= rounds / 3);
        LocalRedisCluster.failover(replica);
        assertThat(LocalRedisCluster.masterOf(failing)).isEqualTo(replica);
        producer.join(WAIT.toMillis());
        assertThat(producer.isAlive()).isFalse();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Map<String, Long>> versions = store.storedVersions(ids);
            assertThat(versions).allSatisfy((id, levels) ->
                    assertThat(levels).as(id).containsOnly(Map.entry("WH-1", (long) rounds), Map.entry("WH-2", (long) rounds)));
        });
        watching.set(false);
        watcher.join();
        for (String id : ids) {
            StockJson stock = Stocks.stored(reader, id).orElseThrow();
            assertThat(stock.onHand()).as(id).isEqualTo(11L * rounds);
            assertThat(stock.reserved()).as(id).isEqualTo(1);
            assertThat(store.level(id, "WH-2").orElseThrow()).containsEntry("onHand", Long.toString(rounds));
        }
        assertThat(regressions).as("versions went back").isEmpty();
        assertThat(failures).as("reads failed other than as unavailable").isEmpty();
        assertThat(seen).isNotEmpty();
        assertThat(LocalRedisCluster.cli(replica, "SCRIPT", "EXISTS", scriptSha()).trim())
                .as("the promoted master ran the script after NOSCRIPT").isEqualTo("1");
        Set<Integer> masters = Set.copyOf(LocalRedisCluster.masters());
        assertThat(masters).hasSize(3).contains(replica);
    }

    private static String scriptSha() throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(StockStore.scriptText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
