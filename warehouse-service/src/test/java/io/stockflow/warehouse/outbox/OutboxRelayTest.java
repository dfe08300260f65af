package io.stockflow.warehouse.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.KafkaTestBroker;
import io.stockflow.testsupport.Management;
import io.stockflow.warehouse.support.Deliveries;
import io.stockflow.warehouse.support.EventPipelineProfile;
import io.stockflow.warehouse.support.ExclusiveRelayDatabase;
import io.stockflow.warehouse.support.OutboxFixtures.WrittenEvent;
import io.stockflow.warehouse.support.TopicReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static io.stockflow.warehouse.support.OutboxFixtures.ageThrough;
import static io.stockflow.warehouse.support.OutboxFixtures.allPublished;
import static io.stockflow.warehouse.support.OutboxFixtures.commitAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.commitOversizedAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.inOutbox;
import static io.stockflow.warehouse.support.OutboxFixtures.newProductId;
import static io.stockflow.warehouse.support.OutboxFixtures.positionOf;
import static io.stockflow.warehouse.support.OutboxFixtures.publishedThrough;
import static io.stockflow.warehouse.support.OutboxFixtures.shrink;
import static io.stockflow.warehouse.support.OutboxFixtures.writeAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.writeOversizedAdjustment;

@QuarkusTest
@TestProfile(EventPipelineProfile.class)
class OutboxRelayTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    OutboxRelayRunner runner;

    @Test
    void shouldPublishCommittedRowAsBinaryCloudEventKeyedByProduct() throws Exception {
        String productId = newProductId();
        WrittenEvent written = commitAdjustment(productId, 1);

        try (TopicReader topic = new TopicReader(Set.of(productId))) {
            ConsumerRecord<String, CloudEvent> record = topic.awaitRecords(DELIVERY, r -> !r.isEmpty()).get(0);

            assertThat(record.key()).isEqualTo(productId);
            assertThat(headers(record)).containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_id", written.eventId().toString())
                    .containsEntry("ce_source", "/warehouse-service")
                    .containsEntry("ce_type", "warehouse.stock.adjusted")
                    .containsEntry("ce_subject", productId)
                    .containsEntry("ce_partitionkey", productId)
                    .containsEntry("ce_sequence", Long.toString(written.sequence()))
                    .containsEntry("content-type", "application/json")
                    .containsKey("ce_time");
            CloudEvent event = record.value();
            assertThat(event.getTime().toInstant()).isEqualTo(written.occurredAt());
            assertThat(StockEvents.parse(event.getType(), event.getData().toBytes())).isEqualTo(written.data());
        }
        await().atMost(DELIVERY).until(() -> allPublished(List.of(written)));
    }

    @Test
    void shouldDeliverLateCommitOnceEachInProductOrder() throws Exception {
        String early = newProductId();
        String other = newProductId();
        try (Connection late = ExclusiveRelayDatabase.connect()) {
            late.setAutoCommit(false);
            WrittenEvent lowerSequence = writeAdjustment(late, early, 1);
            WrittenEvent higherSequence = commitAdjustment(other, 1);
            assertThat(lowerSequence.sequence()).isLessThan(higherSequence.sequence());
            await().atMost(DELIVERY).until(() -> allPublished(List.of(higherSequence)));

            late.commit();
            WrittenEvent next = commitAdjustment(early, 2);
            List<WrittenEvent> all = List.of(lowerSequence, higherSequence, next);
            await().atMost(DELIVERY).until(() -> allPublished(all));

            try (TopicReader topic = new TopicReader(Set.of(early, other))) {
                List<ConsumerRecord<String, CloudEvent>> records = topic.readToEnd();
                assertThat(records).extracting(r -> r.value().getId())
                        .containsExactlyInAnyOrderElementsOf(all.stream().map(e -> e.eventId().toString()).toList());
                assertThat(records.stream().filter(r -> r.key().equals(early)).map(r -> r.value().getId()))
                        .containsExactly(lowerSequence.eventId().toString(), next.eventId().toString());
            }
        }
    }

    @Test
    void shouldCreateTopicWithConfiguredPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            await().atMost(DELIVERY).until(() -> admin.listTopics().names().get().contains(StockEvents.TOPIC));
            int partitions = admin.describeTopics(List.of(StockEvents.TOPIC)).allTopicNames().get()
                    .get(StockEvents.TOPIC).partitions().size();
            assertThat(partitions).isEqualTo(12);
        }
    }

    @Test
    void shouldExposeRelayMetrics() {
        WrittenEvent written = commitAdjustment(newProductId(), 1);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(written)));

        String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();

        assertThat(metrics).contains("outbox_backlog", "outbox_events_published_total", "outbox_publish_failures_total",
                "outbox_commit_to_ack_lag_seconds_count");
        assertThat(metrics.lines().filter(l -> l.startsWith("outbox_events_published_total")).findFirst().orElseThrow())
                .doesNotEndWith(" 0.0");
    }

    @Test
    void shouldNotResendPublishedRowsAfterRestart() throws Exception {
        String productId = newProductId();
        WrittenEvent before = commitAdjustment(productId, 1);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(before)));

        restartRelay(); // a fresh relay and producer: only the stored watermark says what was sent
        WrittenEvent after = commitAdjustment(productId, 2);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(after)));

        try (TopicReader topic = new TopicReader(Set.of(productId))) {
            assertThat(topic.readToEnd()).extracting(r -> r.value().getId())
                    .containsExactly(before.eventId().toString(), after.eventId().toString());
        }
    }

    @Test
    void shouldAdvanceWatermarkOnlyOverRowsBeforeAFailedSend() throws Exception {
        String productId = newProductId();
        String other = newProductId();
        WrittenEvent sent;
        WrittenEvent refused;
        WrittenEvent behind;
        try (Connection connection = ExclusiveRelayDatabase.connect()) {
            connection.setAutoCommit(false); // one commit, so one stamp pass and one batch: sent, refused, behind
            sent = writeAdjustment(connection, productId, 1);
            refused = writeOversizedAdjustment(connection, other, 1);
            behind = writeAdjustment(connection, productId, 2);
            connection.commit();
        }
        try {
            await().atMost(DELIVERY).until(() -> allPublished(List.of(sent)));
            double failures = publishFailures();
            await().atMost(DELIVERY).until(() -> publishFailures() >= failures + 2); // two more passes stopped there

            assertThat(publishedThrough()).isLessThan(positionOf(refused));
            assertThat(allPublished(List.of(behind))).isFalse();
        } finally {
            refused = shrink(refused);
        }
        List<WrittenEvent> all = List.of(sent, refused, behind);
        await().atMost(DELIVERY).until(() -> allPublished(all));

        try (TopicReader topic = new TopicReader(Set.of(productId, other))) {
            List<ConsumerRecord<String, CloudEvent>> records = topic.readToEnd();
            assertThat(Deliveries.firstDeliveryOrder(records)).isEqualTo(Deliveries.commitOrder(all));
            assertThat(records).filteredOn(r -> r.value().getId().equals(sent.eventId().toString()))
                    .as("the acknowledged prefix is not sent again").hasSize(1);
        }
    }

    @Test
    void shouldPrunePublishedRowsPastRetentionOnly() {
        String productId = newProductId();
        WrittenEvent old = commitAdjustment(productId, 1);
        WrittenEvent recent = commitAdjustment(productId, 2);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(old, recent)));
        ageThrough(old, Duration.ofHours(25));

        await().atMost(DELIVERY).until(() -> {
            runner.prune(); // does nothing until this replica is the active relay
            return !inOutbox(old);
        });

        assertThat(inOutbox(recent)).isTrue();
    }

    @Test
    void shouldNotPruneUnpublishedRowsPastRetention() throws Exception {
        String productId = newProductId();
        WrittenEvent published = commitAdjustment(productId, 1);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(published)));
        WrittenEvent refused = commitOversizedAdjustment(productId, 2);
        WrittenEvent behind = commitAdjustment(productId, 3);
        try {
            await().atMost(DELIVERY).until(() -> positionOf(behind) != null);
            ageThrough(behind, Duration.ofHours(25));

            await().atMost(DELIVERY).until(() -> {
                runner.prune();
                return !inOutbox(published);
            });

            assertThat(inOutbox(refused)).isTrue();
            assertThat(inOutbox(behind)).isTrue();
        } finally {
            shrink(refused);
        }
        await().atMost(DELIVERY).until(() -> allPublished(List.of(refused, behind)));
    }

    @Test
    void shouldReportUnstampedAndUnpublishedRowsAsBacklog() throws Exception {
        String productId = newProductId();
        WrittenEvent published = commitAdjustment(productId, 1);
        await().atMost(DELIVERY).until(() -> allPublished(List.of(published)));
        List<WrittenEvent> waiting = new ArrayList<>();
        WrittenEvent refused = commitOversizedAdjustment(productId, 2);
        waiting.add(refused);
        waiting.add(commitAdjustment(productId, 3));
        try {
            await().atMost(DELIVERY).until(() -> positionOf(waiting.get(1)) != null);
            runner.onStop(null); // nothing stamps or publishes any more
            for (int version = 4; version <= 6; version++) {
                waiting.add(commitAdjustment(productId, version));
            }

            runner.refreshBacklog();

            assertThat(backlogGauge()).as("2 stamped above the watermark, 3 unstamped").isEqualTo(5);
        } finally {
            waiting.set(0, shrink(refused));
            runner.onStart(null);
        }
        await().atMost(DELIVERY).until(() -> allPublished(waiting));
        runner.refreshBacklog();
        assertThat(backlogGauge()).isZero();
    }

    /** Stops this replica's relay and starts a new one, as a restart of the service would. */
    private void restartRelay() {
        runner.onStop(null);
        runner.onStart(null);
    }

    private static double backlogGauge() {
        return metric("outbox_backlog");
    }

    private static double publishFailures() {
        return metric("outbox_publish_failures_total");
    }

    private static double metric(String name) {
        String metrics = given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertThat(value.find()).as(name).isTrue();
        return Double.parseDouble(value.group(1));
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .collect(Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8)));
    }
}
