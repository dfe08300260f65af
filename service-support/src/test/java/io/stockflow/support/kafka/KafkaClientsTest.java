package io.stockflow.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private final SmallRyeConfig config = new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(Map.of(
                    "kafka.bootstrap.servers", "broker:9093",
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "PLAIN",
                    "kafka.group.id", "someone-else",
                    "stockflow.relay.kafka.topic", "warehouse.stock"), "application.properties", 250))
            .withSources(new EnvConfigSource(Map.of(
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_TOPIC", "warehouse.stock",
                    "KAFKA_LOG_LEVEL", "WARN"), 300))
            .build();

    @Test
    void passesTheStandardSettingsAClientKnowsFromPropertiesAndEnvironment() {
        Map<String, String> producer = KafkaClients.configured(config, ProducerConfig.configNames());
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512") // the environment wins, as everywhere in Quarkus
                .containsEntry("bootstrap.servers", "broker:9093")
                .doesNotContainKeys("group.id", "topic", "log.level");
        assertThat(KafkaClients.configured(config, ConsumerConfig.configNames())).containsEntry("group.id", "someone-else");
    }

    @Test
    void theServicesOwnSettingsWin() {
        Map<String, Object> settings = KafkaClients.settings(ProducerConfig.configNames(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "mine:9092"));
        assertThat(settings).containsEntry("acks", "all").containsEntry("bootstrap.servers", "mine:9092");
    }
}
