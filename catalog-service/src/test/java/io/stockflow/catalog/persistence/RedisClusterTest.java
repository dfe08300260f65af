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
import java.net.URI;
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
import org.eclipse.microprofile.config.ConfigProvider;
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
    /** A killed master's products written again: node timeout (2 s), election, slot map re-read, consumer backoff. */
    private static final Duration RESUME = Duration.ofSeconds(20);
    private static final int ROUNDS = 30;
    /** A round of writes and reads while a node hangs: the read idle timeout (3 s) once, and its own time. */
    private static final Duration HUNG_NODE_ROUND = Duration.ofSeconds(5);

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
        List<String> ids = newProductIds();
        String failing = StockKeys.total(ids.get(0));
        int replica = LocalRedisCluster.replicaOf(failing);
        assertThat(LocalRedisCluster.cli(replica, "SCRIPT", "EXISTS", scriptSha()).trim())
                .as("a replica has no script cache of its master's: promoted, it answers NOSCRIPT first")
                .isEqualTo("0");

        EventStream events = EventStream.start(store, ids, ROUNDS);
        await().atMost(WAIT).until(() -> events.sent.get() >= ROUNDS / 3);
        LocalRedisCluster.failover(replica);
        assertThat(LocalRedisCluster.masterOf(failing)).isEqualTo(replica);
        events.assertAllApplied(Set.of());
        assertStockTexts(ids);

        assertThat(LocalRedisCluster.cli(replica, "SCRIPT", "EXISTS", scriptSha()).trim())
                .as("the promoted master ran the script after NOSCRIPT").isEqualTo("1");
        Set<Integer> masters = Set.copyOf(LocalRedisCluster.masters());
        assertThat(masters).hasSize(3).contains(replica);
    }

    /**
     * A master lost outright (SIGKILL), as a dead machine is: until its replica is promoted every
     * pipeline fails as unavailable (the client connects to every node of its slot map), the consumer
     * retries its batches without committing them, and once the cluster has failed over and the node is
     * back as the new master's replica (writes wait for one), they apply. A reader may have seen a write
     * of the killed master that never reached its replica, so only its products may go back on the way:
     * the consumer had not committed those writes, and writes them again.
     */
    @Test
    void shouldApplyEveryEventWhenAMasterIsKilledWhileEventsApply() throws Exception {
        List<String> ids = newProductIds();
        String failing = StockKeys.total(ids.get(0));
        int master = LocalRedisCluster.masterOf(failing);
        int replica = LocalRedisCluster.replicaOf(failing);
        Set<String> killedMastersProducts = ids.stream()
                .filter(id -> LocalRedisCluster.masterOf(StockKeys.total(id)) == master).collect(Collectors.toSet());

        EventStream events = EventStream.start(store, ids, ROUNDS);
        await().atMost(WAIT).until(() -> events.sent.get() >= ROUNDS / 3);
        long before = events.seen.getOrDefault(ids.get(0) + "/WH-1", 0L);
        long killedAt = System.nanoTime();
        LocalRedisCluster.kill(master);
        boolean restarted = false;
        try {
            LocalRedisCluster.awaitPromoted(replica);
            long promotedMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(LocalRedisCluster.masterOf(failing)).isEqualTo(replica);
            LocalRedisCluster.restart(master); // back as the new master's replica, as a restarted pod would be
            restarted = true;
            long rejoinedMs = (System.nanoTime() - killedAt) / 1_000_000;
            // the killed master's products take new versions again: the catalog is not stuck on the dead node
            await().atMost(RESUME).pollInterval(Duration.ofMillis(50)).until(() ->
                    events.seen.getOrDefault(ids.get(0) + "/WH-1", 0L) > before);
            long resumedMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("master %d killed: replica %d promoted after %d ms, the node back as its replica after %d ms,"
                    + " the catalog writing its slots again after %d ms%n", master, replica, promotedMs, rejoinedMs, resumedMs);
            events.assertAllApplied(killedMastersProducts);
            assertStockTexts(ids);
        } finally {
            if (!restarted) {
                LocalRedisCluster.restart(master); // the next tests find three pairs again
            }
        }
        assertThat(LocalRedisCluster.masters()).hasSize(3).contains(replica).doesNotContain(master);
    }

    /** The stock text of every product at the last round: 10 x rounds + rounds on hand, 1 reserved. */
    private void assertStockTexts(List<String> ids) {
        for (String id : ids) {
            StockJson stock = Stocks.stored(reader, id).orElseThrow();
            assertThat(stock.onHand()).as(id).isEqualTo(11L * ROUNDS);
            assertThat(stock.reserved()).as(id).isEqualTo(1);
        }
    }

    /**
     * A node that hangs (SIGSTOP: its port accepts, nothing is answered) never fails a request outright.
     * The client reads the slot map from the first seed that answers, and connects to every node the map
     * lists, replicas too: a hung first seed, or a hung node the client had to connect to again, stalled it
     * for good. Its connections are now closed after REDIS_READ_IDLE_TIMEOUT (3 s) without a byte, so once
     * the cluster flags a hung replica as failing (CLUSTER SLOTS leaves it out) every product is read and
     * written on; a round that needs the slot map while the client asks the hung seed for it waits those
     * 3 s (measured: about one round in eight, every 4 s: the map is kept a second).
     */
    @Test
    void shouldKeepReadingAndWritingEveryProductOnceAHungReplicaIsFlaggedFailing() throws Exception {
        List<String> ids = newProductIds();
        int hung = clientsFirstSeed();
        LocalRedisCluster.makeReplica(hung);
        List<Integer> masters = LocalRedisCluster.masters();
        LocalRedisCluster.freeze(hung);
        try {
            for (int master : masters) {
                LocalRedisCluster.cli(master, "CLIENT", "KILL", "TYPE", "normal"); // new connections, new slot maps
            }
            LocalRedisCluster.awaitFailed(hung);
            await().atMost(RESUME).ignoreExceptions().until(() -> {
                assertWrittenAndReadWithin(HUNG_NODE_ROUND, ids, 1);
                return true;
            });
            assertRoundsWithin(HUNG_NODE_ROUND, Duration.ofSeconds(8), ids, 2);
        } finally {
            LocalRedisCluster.thaw(hung);
        }
    }

    /**
     * A hung master (the client's first seed) is never heard from again, so nothing tells the client it is gone:
     * requests to its slots fail as unavailable until the cluster promotes its replica (after the node
     * timeout, 2 s here) and the client's slot map, kept a second, is read again from another seed. Then
     * its products are read and written on the new master, with what the events wrote and it acknowledged.
     */
    @Test
    void shouldServeAHungMastersProductsFromItsPromotedReplica() throws Exception {
        List<String> ids = newProductIds();
        int hung = clientsFirstSeed();
        LocalRedisCluster.makeMaster(hung);
        int replica = LocalRedisCluster.replicaOfMaster(hung);
        store.applyEvents(snapshots(ids, 1)); // returns once a replica holds it (replica acks 1 on this run)
        LocalRedisCluster.freeze(hung);
        try {
            LocalRedisCluster.awaitPromoted(replica);
            await().atMost(RESUME).ignoreExceptions().until(() -> {
                assertReadWithin(HUNG_NODE_ROUND, System.nanoTime(), ids, 1);
                return true;
            });
            assertRoundsWithin(HUNG_NODE_ROUND, Duration.ofSeconds(4), ids, 2);
        } finally {
            LocalRedisCluster.thaw(hung);
        }
        assertThat(LocalRedisCluster.masters()).contains(replica).doesNotContain(hung);
    }

    /** The node the client asks for the slot map first: REDIS_URL's first (RedisSeedOrder). */
    private static int clientsFirstSeed() {
        String hosts = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        return URI.create(hosts.split(",")[0].trim()).getPort();
    }

    /** Rounds of {@link #assertWrittenAndReadWithin} for {@code span}, 100 ms apart, from {@code version} up. */
    private void assertRoundsWithin(Duration limit, Duration span, List<String> ids, int version) throws Exception {
        long end = System.nanoTime() + span.toNanos();
        for (int v = version; System.nanoTime() < end; v++) {
            assertWrittenAndReadWithin(limit, ids, v);
            Thread.sleep(100);
        }
    }

    /** Every product written at {@code version} (on hand too), then read back, all within {@code limit}. */
    private void assertWrittenAndReadWithin(Duration limit, List<String> ids, int version) throws Exception {
        long started = System.nanoTime();
        store.apply(snapshots(ids, version));
        assertReadWithin(limit, started, ids, version);
    }

    /** Every product read at {@code version}, within {@code limit} of {@code started}. */
    private void assertReadWithin(Duration limit, long started, List<String> ids, int version) throws Exception {
        Snapshot snapshot = reads.read(ids).toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(Stocks.parse(snapshot.stock().get(i)).onHand()).as(ids.get(i)).isEqualTo(version);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("round at version %d", version).isLessThan(limit);
    }

    private static List<StockChange> snapshots(List<String> ids, int version) {
        return ids.stream().map(id -> StockChange.snapshot(id, List.of(level(id, "WH-1", version, 0, version)))).toList();
    }

    private static List<String> newProductIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(newProductId());
        }
        return ids;
    }

    /**
     * Rounds of events for every product through Kafka (each round with the previous one again, same
     * ids: duplicates), and a watcher reading the stored versions all along: never one lower than seen.
     */
    private static final class EventStream {
        final AtomicInteger sent = new AtomicInteger();
        final Map<String, Long> seen = new ConcurrentHashMap<>();
        final List<String> regressions = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean watching = new AtomicBoolean(true);
        final StockStore store;
        final List<String> ids;
        final int rounds;
        Thread producer;
        Thread watcher;

        private EventStream(StockStore store, List<String> ids, int rounds) {
            this.store = store;
            this.ids = ids;
            this.rounds = rounds;
        }

        static EventStream start(StockStore store, List<String> ids, int rounds) {
            EventStream stream = new EventStream(store, ids, rounds);
            stream.producer = new Thread(stream::produce, "cluster-test-producer");
            stream.watcher = new Thread(stream::watch, "cluster-test-watcher");
            stream.producer.start();
            stream.watcher.start();
            return stream;
        }

        private void produce() {
            List<CloudEvent> previous = List.of();
            for (int version = 1; version <= rounds; version++) {
                List<CloudEvent> round = new ArrayList<>();
                for (String id : ids) {
                    round.add(Events.adjusted(level(id, "WH-1", 10L * version, 0, version)));
                    round.add(Events.adjusted(level(id, "WH-2", version, 1, version)));
                }
                List<CloudEvent> batch = new ArrayList<>(round);
                batch.addAll(previous);
                Kafka.send(StockEvents.TOPIC, batch);
                previous = round;
                sent.incrementAndGet();
            }
        }

        private void watch() {
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
        }

        /**
         * Every level at the last round's version and numbers, none went back on the way but those of
         * {@code mayGoBack}, reads failed only as unavailable.
         */
        void assertAllApplied(Set<String> mayGoBack) throws Exception {
            try {
                producer.join(WAIT.toMillis());
                assertThat(producer.isAlive()).isFalse();
                await().atMost(WAIT).untilAsserted(() -> assertThat(store.storedVersions(ids)).allSatisfy((id, levels) ->
                        assertThat(levels).as(id).containsOnly(Map.entry("WH-1", (long) rounds), Map.entry("WH-2", (long) rounds))));
            } finally {
                watching.set(false);
                watcher.join();
            }
            for (String id : ids) {
                assertThat(store.level(id, "WH-1").orElseThrow()).as(id).containsEntry("onHand", Long.toString(10L * rounds));
                assertThat(store.level(id, "WH-2").orElseThrow()).as(id).containsEntry("onHand", Long.toString(rounds));
            }
            assertThat(regressions).as("versions went back")
                    .allMatch(regression -> mayGoBack.contains(regression.substring(0, regression.indexOf('/'))));
            assertThat(failures).as("reads failed other than as unavailable").isEmpty();
            assertThat(seen).isNotEmpty();
        }
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
