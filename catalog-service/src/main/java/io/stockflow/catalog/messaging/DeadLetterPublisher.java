package io.stockflow.catalog.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.support.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends records no consumer can apply to the dead-letter topic, unchanged (key, value, headers) plus
 * the reason and origin in headers named as SmallRye Reactive Messaging names them. Returns only once
 * the broker acknowledged them, so their offsets may then be committed.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String REASON = "dead-letter-reason";
    public static final String ORIGIN_TOPIC = "dead-letter-topic";
    public static final String ORIGIN_PARTITION = "dead-letter-partition";
    public static final String ORIGIN_OFFSET = "dead-letter-offset";

    /** A record and why it cannot be applied. */
    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    }

    private final String topic;
    private final String bootstrapServers;
    private final Counter deadLettered;
    private volatile KafkaProducer<String, byte[]> producer;

    DeadLetterPublisher(CatalogConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry registry) {
        this.topic = config.consumer().deadLetterTopic();
        this.bootstrapServers = bootstrapServers;
        this.deadLettered = Counter.builder("catalog.events.dead_lettered")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    public void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<?>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            ConsumerRecord<String, byte[]> record = letter.record();
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(REASON, utf8(letter.reason()));
            headers.add(ORIGIN_TOPIC, utf8(record.topic()));
            headers.add(ORIGIN_PARTITION, utf8(Integer.toString(record.partition())));
            headers.add(ORIGIN_OFFSET, utf8(Long.toString(record.offset())));
            sent.add(producer().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)));
        }
        try {
            for (Future<?> future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dead-lettering failed: " + e.getCause(), e.getCause());
        }
        deadLettered.increment(letters.size());
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                    producer = KafkaClients.producer(props); // plus the kafka.* settings; client metrics
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
