package io.stockflow.warehouse.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.KafkaTestBroker;
import io.stockflow.warehouse.outbox.RelayConfig;
import io.stockflow.warehouse.outbox.RelayConfig.Compression;
import io.stockflow.warehouse.outbox.EventTransport;
import io.stockflow.warehouse.outbox.OutboxRow;
import io.stockflow.warehouse.support.OutboxFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KafkaEventPublisherTest {

    /** The producer settings as the env vars give them (defaults: application.properties). */
    record KafkaSettings(String bootstrapServers, String topic, int topicPartitions, int batchSize, int lingerMs,
            Compression compression, String requiredAcks, int maxAttempts, Duration deliveryTimeout,
            Duration requestTimeout) implements RelayConfig.Kafka {

        static KafkaSettings defaults() {
            return new KafkaSettings("localhost:9092", StockEvents.TOPIC, 12, 65536, 1, Compression.LZ4, "all", 10,
                    Duration.ofSeconds(30), Duration.ofSeconds(10));
        }

        KafkaSettings with(String acks, int attempts) {
            return new KafkaSettings(bootstrapServers, topic, topicPartitions, batchSize, lingerMs, compression, acks,
                    attempts, deliveryTimeout, requestTimeout);
        }

        KafkaSettings against(String servers, String topicName, Compression codec) {
            return new KafkaSettings(servers, topicName, 1, batchSize, lingerMs, codec, requiredAcks, maxAttempts,
                    deliveryTimeout, requestTimeout);
        }
    }

    @Test
    void shouldBeIdempotentWithAllAcksAndBinaryCloudEventsByDefault() {
        Map<String, Object> properties = KafkaEventPublisher.producerProperties(KafkaSettings.defaults(), "relay");

        assertThat(properties).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.RETRIES_CONFIG, 9)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
    }

    @Test
    void shouldKeepOrderWithOneRequestInFlightWhenIdempotenceIsImpossible() {
        for (KafkaSettings settings : List.of(KafkaSettings.defaults().with("1", 10), KafkaSettings.defaults().with("all", 1))) {
            Map<String, Object> properties = KafkaEventPublisher.producerProperties(settings, "relay");

            assertThat(properties).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                    .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
    }

    @Test
    void shouldCountOnlyTheRowsBeforeTheFirstFailureAsPublished() throws Exception {
        MockProducer<String, CloudEvent> producer =
                new MockProducer<>(false, null, new StringSerializer(), (topic, event) -> new byte[0]);
        List<OutboxRow> rows = List.of(row(11, "{}"), row(12, "{}"), row(13, "{}"));

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaSettings.defaults(), producer)) {
            CompletableFuture<EventTransport.Outcome> pass = CompletableFuture.supplyAsync(() -> publish(publisher, rows));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);
            producer.completeNext();
            producer.errorNext(new TimeoutException("not acknowledged in time"));
            producer.completeNext();
            EventTransport.Outcome outcome = pass.get(10, TimeUnit.SECONDS);

            assertThat(outcome.acknowledged()).containsExactly(rows.get(0), rows.get(2));
            assertThat(outcome.failed()).isEqualTo(1);
            assertThat(outcome.acknowledgedThrough()).hasValue(11);
        }
    }

    @Test
    void shouldCountNothingAsPublishedWhenTheFirstRowFails() throws Exception {
        MockProducer<String, CloudEvent> producer =
                new MockProducer<>(false, null, new StringSerializer(), (topic, event) -> new byte[0]);
        List<OutboxRow> rows = List.of(row(21, "{}"), row(22, "{}"));

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaSettings.defaults(), producer)) {
            CompletableFuture<EventTransport.Outcome> pass = CompletableFuture.supplyAsync(() -> publish(publisher, rows));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
            producer.errorNext(new TimeoutException("not acknowledged in time"));
            producer.completeNext();
            EventTransport.Outcome outcome = pass.get(10, TimeUnit.SECONDS);

            assertThat(outcome.acknowledged()).containsExactly(rows.get(1));
            assertThat(outcome.acknowledgedThrough()).isEmpty();
        }
    }

    @Test
    void shouldStopThePassAtARowTheProducerRefuses() throws Exception {
        String topic = "refusal-check-" + UUID.randomUUID();
        KafkaSettings settings = KafkaSettings.defaults().against(KafkaTestBroker.bootstrapServers(), topic, Compression.LZ4);
        // over the producer's max.request.size (1 MiB): refused by send() itself, before any request
        String oversized = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        List<OutboxRow> rows = List.of(row(31, "{}"), row(32, oversized), row(33, "{}"));

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(settings, "refusal-check")) {
            awaitTopic(publisher);
            EventTransport.Outcome outcome = publisher.publish(rows);

            assertThat(outcome.acknowledged()).containsExactly(rows.get(0));
            assertThat(outcome.failed()).isEqualTo(1);
            assertThat(outcome.acknowledgedThrough()).hasValue(31);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
            assertThat(end).as("the row behind the refused one was not sent around it").isEqualTo(1);
        }
    }

    /** A new topic's partitions may still lack a leader on the first try; the relay retries the same way. */
    private static void awaitTopic(KafkaEventPublisher publisher) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(publisher::ensureTopic);
    }

    private static EventTransport.Outcome publish(KafkaEventPublisher publisher, List<OutboxRow> rows) {
        try {
            return publisher.publish(rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static OutboxRow row(long position, String data) {
        return new OutboxRow(position, UUID.randomUUID(), "warehouse.stock.adjusted", OutboxFixtures.newProductId(),
                position, Instant.now(), data, Instant.now(), position);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldPublishWithEveryCompressionCodec(Compression codec) throws Exception {
        KafkaSettings settings = KafkaSettings.defaults()
                .against(KafkaTestBroker.bootstrapServers(), "compression-check-" + UUID.randomUUID(), codec);
        String productId = OutboxFixtures.newProductId();
        OutboxRow row = new OutboxRow(1, UUID.randomUUID(), "warehouse.stock.adjusted", productId, 1, Instant.now(),
                "{\"productId\":\"" + productId + "\",\"levels\":[]}", Instant.now(), 1);

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(settings, "compression-check")) {
            awaitTopic(publisher);
            EventTransport.Outcome outcome = publisher.publish(List.of(row));

            assertThat(outcome.acknowledged()).containsExactly(row);
            assertThat(outcome.failed()).isZero();
        }
    }
}
