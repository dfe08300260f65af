package io.stockflow.catalog.support;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import io.stockflow.testsupport.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces to and reads from the embedded broker the way the warehouse's relay and an operator would. */
public final class Kafka {

    private Kafka() {
    }

    /** Sends events in binary mode (ce_* headers), keyed by subject (the productId), and waits for the acks. */
    public static void send(String topic, List<CloudEvent> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        props.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
        try (var producer = new KafkaProducer<String, CloudEvent>(props, new StringSerializer(), new CloudEventSerializer())) {
            for (CloudEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.getSubject(), event));
            }
            producer.flush();
        }
    }

    /** The record the consumer would fetch for {@code event} (binary mode) from {@code partition}, never sent. */
    public static ConsumerRecord<String, byte[]> fetched(String topic, int partition, CloudEvent event) {
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(topic, headers, event);
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, partition, 0, event.getSubject(), value);
            headers.forEach(record.headers()::add);
            return record;
        }
    }

    /** Sends a raw record with the given headers, e.g. one no consumer can read. */
    public static void sendRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        try (var producer = new KafkaProducer<String, byte[]>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, v) -> record.headers().add(new RecordHeader(name, v.getBytes())));
            producer.send(record);
            producer.flush();
        }
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, or the timeout passes. */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
            int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "catalog-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
