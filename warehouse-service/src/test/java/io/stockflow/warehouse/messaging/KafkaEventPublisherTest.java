package io.stockflow.warehouse.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.KafkaTestBroker;
import io.stockflow.warehouse.config.RelayConfig;
import io.stockflow.warehouse.config.RelayConfig.Compression;
import io.stockflow.warehouse.persistence.OutboxRow;
import io.stockflow.warehouse.support.OutboxFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
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

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldPublishWithEveryCompressionCodec(Compression codec) throws Exception {
        KafkaSettings settings = KafkaSettings.defaults()
                .against(KafkaTestBroker.bootstrapServers(), "compression-check-" + UUID.randomUUID(), codec);
        String productId = OutboxFixtures.newProductId();
        OutboxRow row = new OutboxRow(1, UUID.randomUUID(), "warehouse.stock.adjusted", productId, 1, Instant.now(),
                "{\"productId\":\"" + productId + "\",\"levels\":[]}", Instant.now(), 1);

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(settings, "compression-check")) {
            assertThat(publisher.ensureTopic()).isTrue();
            KafkaEventPublisher.Outcome outcome = publisher.publish(List.of(row));

            assertThat(outcome.acknowledged()).containsExactly(row);
            assertThat(outcome.failed()).isZero();
        }
    }
}
