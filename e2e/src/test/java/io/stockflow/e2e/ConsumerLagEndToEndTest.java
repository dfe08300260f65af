package io.stockflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stockflow.testsupport.EmbeddedKafka;
import io.stockflow.testsupport.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the catalog's consumer lag grows while the catalog cannot consume and returns to 0 once it
 * can. The catalog process is frozen (SIGSTOP, as a long pause or a stalled node) while the warehouse
 * goes on taking writes, then let go (SIGCONT). Lag is read where operators read it: the consumer
 * group's committed offsets against the topic's end (what bench's settling waits on), and the
 * catalog's own {@code kafka_consumer_fetch_manager_records_lag}, which the consumer-lag and
 * stalled-partition alerts add up; a gauge stuck above 0 would keep the stalled alert armed forever.
 */
class ConsumerLagEndToEndTest {

    private static final String TOPIC = "warehouse.stock";
    private static final String GROUP = "catalog";
    private static final String LAG_METRIC = "kafka_consumer_fetch_manager_records_lag";
    private static final Pattern LAG_SERIES = Pattern.compile(
            "^" + LAG_METRIC + "\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
    private static final Pattern PARTITION = Pattern.compile("partition=\"(\\d+)\"");
    private static final int PRODUCTS = 6;
    private static final int WRITES = 60;
    /** Far less than the consumer's 45 s session: the frozen member stays in the group, no rebalance. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static StockflowSystem system;
    private static Admin kafka;

    @BeforeAll
    static void startSystem() throws Exception {
        system = new StockflowSystem();
        system.start();
        kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()));
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void lagGrowsWhileTheCatalogIsFrozenAndReturnsToZeroAfterItResumes() throws Exception {
        String warehouse = "WH-LAG-" + UUID.randomUUID().toString().substring(0, 6);
        write().body(Map.of("warehouseId", warehouse, "name", "Lag")).post(system.warehouse.url() + "/v1/warehouses")
                .then().statusCode(201);
        List<String> products = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) { // several products, so several partitions
            products.add("SKU-LAG-" + UUID.randomUUID().toString().substring(0, 8));
            adjust(products.get(i), warehouse, 100);
        }
        await("caught up before the pause").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(ConsumerLagEndToEndTest::groupLag, lag -> lag == 0);

        system.catalog.pause();
        long frozenLag;
        try {
            for (int i = 0; i < WRITES; i++) {
                adjust(products.get(i % PRODUCTS), warehouse, 1); // one event, so one record, each
            }
            // the relay publishes every one; the frozen catalog commits none
            frozenLag = await("records waiting while the catalog is frozen").atMost(BOUND)
                    .pollInterval(Duration.ofMillis(200)).until(ConsumerLagEndToEndTest::groupLag, lag -> lag >= WRITES);
        } finally {
            system.catalog.resume();
        }
        assertThat(frozenLag).as("records the frozen catalog has not committed").isEqualTo(WRITES);

        long resumed = System.nanoTime();
        await("lag back to 0 after the resume").atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(groupLag()).as("committed offsets behind the topic's end").isZero();
            Map<Integer, Double> gauge = recordsLag();
            assertThat(gauge).as(LAG_METRIC + " of " + TOPIC + " per partition").isNotEmpty();
            assertThat(gauge.values()).as(LAG_METRIC + " per partition %s", gauge).allMatch(v -> v == 0.0);
        });
        System.out.printf("consumer lag %d while frozen, 0 (group and gauge) %d ms after SIGCONT%n", frozenLag,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed));
        // and what it caught up on is what the warehouse holds
        await().atMost(BOUND).untilAsserted(() -> assertThat(system.check().differences()).isEmpty());
    }

    /** Records of the topic that the catalog's group has not committed, over every partition. */
    private static long groupLag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = kafka.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        var ends = kafka.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata at = committed.get(partition);
            lag += ends.get(partition).offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    /** The catalog's records-lag gauge of the topic by partition, from its management port (no key). */
    private static Map<Integer, Double> recordsLag() {
        String metrics = given().get(system.catalog.managementUrl() + "/q/metrics").then().statusCode(200).extract()
                .asString();
        Map<Integer, Double> lag = new TreeMap<>();
        Matcher series = LAG_SERIES.matcher(metrics);
        while (series.find()) {
            Matcher partition = PARTITION.matcher(series.group(1));
            if (series.group(1).contains("topic=\"" + TOPIC + "\"") && partition.find()) {
                lag.merge(Integer.parseInt(partition.group(1)), Double.parseDouble(series.group(2)), Math::max);
            }
        }
        return lag;
    }

    private static void adjust(String product, String warehouse, long delta) {
        write().body(Map.of("productId", product, "warehouseId", warehouse, "delta", delta, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(200);
    }

    private static RequestSpecification write() {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE);
    }
}
