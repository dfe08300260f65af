package io.stockflow.catalog.messaging;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.Kafka;
import io.stockflow.catalog.support.Stocks;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockIncoming;
import java.time.Instant;
import io.stockflow.testsupport.EmbeddedKafka;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The Kafka path against a real broker and real Redis. */
@QuarkusTest
class StockEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

    @Inject
    StockRecordProcessor processor;

    @Inject
    StockEventConsumerLifecycle lifecycle;

    @Inject
    MeterRegistry registry;

    private Optional<StockJson> stock(String productId) {
        return Stocks.stored(reader, productId);
    }

    @Test
    void shouldApplyEventsFromKafkaIgnoringDuplicatesAndStaleVersions() {
        String product = newProductId();
        var v1 = Events.adjusted(level(product, "WH-1", 10, 0, 1));
        var v3 = Events.adjusted(level(product, "WH-1", 30, 0, 3));
        var v2 = Events.adjusted(level(product, "WH-1", 20, 0, 2));
        var other = Events.adjusted(level(product, "WH-2", 5, 0, 1));

        Kafka.send(StockEvents.TOPIC, List.of(v1, v3, v2, v3, other, v1));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stock(product)).isPresent();
            StockJson stock = stock(product).get();
            assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
            assertThat(stock.onHand()).isEqualTo(35);
        });
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "3");
    }

    @Test
    void shouldCarryIncomingStockSafetyStockAndTheRestockDateFromKafka() {
        String product = newProductId();
        Instant monday = Instant.parse("2030-01-07T08:00:00Z");
        Instant friday = Instant.parse("2030-01-11T08:00:00.250Z");
        // WH-1: 4 on hand, all held back as safety stock, 10 due Friday; WH-2: nothing, 3 due Monday
        var wh1 = LevelState.of(product, "WH-1", 4, 0, 2, 1, monday, 4, 10, friday);
        var wh2 = LevelState.of(product, "WH-2", 0, 0, 1, 1, monday, 0, 3, monday);
        Kafka.send(StockEvents.TOPIC, List.of(Events.incoming(StockIncoming.EXPECTED, 10, wh1),
                Events.incoming(StockIncoming.EXPECTED, 3, wh2)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stock(product)).isPresent();
            StockJson stock = stock(product).get();
            assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
            assertThat(stock.available()).isZero();
            assertThat(stock.status()).isEqualTo(StockStatus.OUT_OF_STOCK);
            assertThat(stock.incoming()).isEqualTo(13);
            assertThat(stock.restockDate()).isEqualTo(monday);
            assertThat(stock.warehouses().get("WH-1").incoming()).isEqualTo(10);
            assertThat(stock.warehouses().get("WH-1").nextIncomingAt()).isEqualTo(friday);
        });

        // Monday's line arrives in WH-2: available again, so no restock date
        var received = LevelState.of(product, "WH-2", 3, 0, 2, 1, monday, 0, 0, null);
        Kafka.send(StockEvents.TOPIC, List.of(Events.incoming(StockIncoming.RECEIVED, 3, received)));
        await().atMost(WAIT).untilAsserted(() -> {
            StockJson stock = stock(product).get(); // present since the first events
            assertThat(stock.onHand()).isEqualTo(7);
            assertThat(stock.available()).isEqualTo(3);
            assertThat(stock.incoming()).isEqualTo(10);
            assertThat(stock.restockDate()).isNull();
            assertThat(stock.warehouses().get("WH-2").nextIncomingAt()).isNull();
        });
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("safetyStock", "4")
                .containsEntry("available", "0").containsEntry("incoming", "10")
                .containsEntry("nextIncomingAt", Long.toString(friday.toEpochMilli()));
    }

    @Test
    void shouldDeadLetterUnreadableEventsAndKeepConsuming() {
        String product = newProductId();
        Map<String, String> ce = Map.of("ce_specversion", "1.0", "ce_source", "/warehouse-service",
                "ce_subject", product, "content-type", "application/json");
        Kafka.sendRaw(StockEvents.TOPIC, product, "{}".getBytes(StandardCharsets.UTF_8),
                with(ce, "ce_id", UUID.randomUUID().toString(), "ce_type", "warehouse.stock.teleported"));
        Kafka.sendRaw(StockEvents.TOPIC, product, "not json".getBytes(StandardCharsets.UTF_8),
                with(ce, "ce_id", UUID.randomUUID().toString(), "ce_type", "warehouse.stock.adjusted"));
        Kafka.sendRaw(StockEvents.TOPIC, product, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        Kafka.send(StockEvents.TOPIC, List.of(Events.adjusted(level(product, "WH-1", 8, 0, 1))));

        await().atMost(WAIT).until(() -> stock(product).isPresent());
        List<ConsumerRecord<String, byte[]>> dead = Kafka.read("warehouse.stock.dlq", r -> product.equals(r.key()), 3, WAIT);
        List<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetterPublisher.REASON).value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons).anyMatch(r -> r.contains("unknown event type"));
        assertThat(reasons).anyMatch(r -> r.contains("malformed data"));
        assertThat(stock(product).orElseThrow().onHand()).isEqualTo(8);
    }

    /**
     * Records that read as CloudEvents but must not be applied (forged, breaking the warehouse's
     * invariants, missing an attribute the SDK needs) go to the dead-letter topic with their reason;
     * the real event behind them on the same partition is applied.
     */
    @Test
    void shouldDeadLetterPoisonRecordsWithoutBlockingTheirPartition() {
        String product = newProductId();
        String other = newProductId();
        Map<String, String> ce = Map.of("ce_specversion", "1.0", "ce_source", "/warehouse-service",
                "ce_type", "warehouse.stock.adjusted", "ce_subject", product, "content-type", "application/json");
        String id = UUID.randomUUID().toString();
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, product, 999_999, 0, 99), with(ce, "ce_source", "/attacker", "ce_id", id));
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, product, -5, 0, 98), with(ce, "ce_id", uuid(), "ce_subject", product));
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, product, 5, 9, 97), with(ce, "ce_id", uuid(), "ce_subject", product));
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, other, 5, 0, 96), with(ce, "ce_id", uuid(), "ce_subject", product));
        Map<String, String> noId = new java.util.HashMap<>(ce);
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, product, 5, 0, 95), noId);
        Kafka.sendRaw(StockEvents.TOPIC, product, data(product, product, 5, 0, 94), with(ce, "ce_id", "not-a-uuid", "ce_subject", product));
        Kafka.send(StockEvents.TOPIC, List.of(Events.adjusted(level(product, "WH-1", 12, 2, 1))));

        await().atMost(WAIT).until(() -> stock(product).isPresent());
        List<ConsumerRecord<String, byte[]>> dead = Kafka.read("warehouse.stock.dlq", r -> product.equals(r.key()), 6, WAIT);
        List<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetterPublisher.REASON).value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons).hasSize(6);
        assertThat(reasons).anyMatch(r -> r.contains("source"));
        assertThat(reasons).anyMatch(r -> r.contains("reserved"));
        assertThat(reasons).anyMatch(r -> r.contains("not of its subject"));
        assertThat(reasons).anyMatch(r -> r.contains("UUID"));
        StockJson stock = stock(product).orElseThrow();
        assertThat(stock.onHand()).isEqualTo(12);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "1");
        assertThat(stock(other)).isEmpty();
        assertThat(registry.get("catalog.events").tag("outcome", "rejected").counter().count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldMeasureEachAppliedEventsLagOnItsOwnPartition() {
        String product = newProductId();
        CloudEvent unreadable = CloudEventBuilder.v1(Events.adjusted(level(product, "WH-1", 1, 0, 1)))
                .withSource(URI.create("/attacker")).withTime(OffsetDateTime.now().minusMinutes(5)).build();
        CloudEvent applied = CloudEventBuilder.v1(Events.adjusted(level(product, "WH-1", 2, 0, 2)))
                .withTime(OffsetDateTime.now().minusSeconds(30)).build();
        // partitions no topic of the tests has, so no other event moves their gauges
        processor.process(List.of(Kafka.fetched(StockEvents.TOPIC, 1001, unreadable),
                Kafka.fetched(StockEvents.TOPIC, 1002, applied)));

        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "2");
        assertThat(registry.get("catalog.partition.last_applied.age.seconds").tag("partition", "1002").gauge().value())
                .isBetween(30.0, 120.0);
        assertThat(registry.find("catalog.partition.last_applied.age.seconds").tag("partition", "1001").gauge()).isNull();
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** Adjusted-event data of {@code product} with one level of {@code levelProduct} in WH-1. */
    private static byte[] data(String product, String levelProduct, long onHand, long reserved, long version) {
        return ("{\"productId\":\"" + product + "\",\"warehouseId\":\"WH-1\",\"delta\":1,\"reason\":\"received\","
                + "\"levels\":[{\"productId\":\"" + levelProduct + "\",\"warehouseId\":\"WH-1\",\"onHand\":" + onHand
                + ",\"reserved\":" + reserved + ",\"available\":" + (onHand - reserved) + ",\"version\":" + version
                + ",\"lowStockThreshold\":5,\"updatedAt\":\"2025-01-01T00:00:00Z\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldLeaveCorrectStateWhenCrashingBetweenRedisWriteAndOffsetCommit() throws Exception {
        String topic = "catalog.crash-test-" + UUID.randomUUID();
        String group = "catalog-crash-" + UUID.randomUUID();
        String product = newProductId();
        List<io.cloudevents.CloudEvent> events = new ArrayList<>();
        for (int version = 1; version <= 6; version++) {
            events.add(Events.adjusted(level(product, "WH-" + (version % 2), 10L * version, version, version)));
        }
        Kafka.send(topic, events);
        double duplicatesBefore = duplicates();

        // the first instance writes everything to Redis, then dies before its last batch is committed
        AtomicInteger applied = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        StockEventConsumer crashing = new StockEventConsumer(settings(topic, group), records -> {
            processor.process(records);
            if (applied.addAndGet(records.size()) >= events.size()) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("crashed after writing to Redis");
            }
        }, ConsumerObserver.NONE).start();
        await().atMost(WAIT).until(() -> applied.get() >= events.size());
        crashing.halt();

        StockEventConsumer restarted = new StockEventConsumer(settings(topic, group), processor, ConsumerObserver.NONE).start();
        await().atMost(WAIT).until(() -> duplicates() > duplicatesBefore);
        await().atMost(WAIT).until(() -> allCommitted(topic, group));
        restarted.close();

        StockJson stock = stock(product).orElseThrow();
        assertThat(stock.onHand()).isEqualTo(60 + 50); // WH-0 at version 6, WH-1 at version 5
        assertThat(stock.reserved()).isEqualTo(6 + 5);
        assertThat(store.level(product, "WH-0").orElseThrow()).containsEntry("version", "6");
    }

    private StockEventConsumer.Settings settings(String topic, String group) {
        var s = lifecycle.settings();
        return new StockEventConsumer.Settings(s.bootstrapServers(), topic, group, "earliest", s.maxPollRecords(),
                s.workerCount(), s.queueSize(), s.batchSize(), s.batchTimeout(), Duration.ofSeconds(5));
    }

    private double duplicates() {
        return registry.get("catalog.events").tag("outcome", "duplicate").counter().count();
    }

    /** Whether the group committed every record of the topic (nothing would be redelivered). */
    private static boolean allCommitted(String topic, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue().offset()));
        }
    }

    private static Map<String, String> with(Map<String, String> base, String k1, String v1, String k2, String v2) {
        var all = new java.util.HashMap<>(base);
        all.put(k1, v1);
        all.put(k2, v2);
        return all;
    }
}
