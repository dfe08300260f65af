package io.stockflow.warehouse.support;

import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topic {@code warehouse.stock} from the beginning, keeping the records of the given products. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final Set<String> productIds;
    private final List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();

    public TopicReader(Collection<String> productIds) {
        this.productIds = Set.copyOf(productIds);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false, // the relay creates it, with its partitions
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new CloudEventDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.partitionsFor(StockEvents.TOPIC).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until the records of the products seen so far satisfy {@code done}; returns them in log order. */
    public List<ConsumerRecord<String, CloudEvent>> awaitRecords(Duration atMost,
            Predicate<List<ConsumerRecord<String, CloudEvent>>> done) {
        await().atMost(atMost).pollInterval(Duration.ZERO).until(() -> {
            poll();
            return done.test(records);
        });
        return List.copyOf(records);
    }

    /** Everything of the products up to the current end of the topic. */
    public List<ConsumerRecord<String, CloudEvent>> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            poll();
            return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return List.copyOf(records);
    }

    private void poll() {
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
            if (productIds.contains(record.key())) {
                records.add(record);
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
