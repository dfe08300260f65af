package io.stockflow.warehouse.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import io.opentelemetry.api.trace.Span;
import io.stockflow.support.kafka.KafkaClients;
import io.stockflow.warehouse.outbox.RelayConfig;
import io.stockflow.warehouse.outbox.EventTransport;
import io.stockflow.warehouse.outbox.OutboxRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Transport only: sends outbox rows to the topic as CloudEvents in Kafka binary mode (ce_* headers,
 * record key = productId, so a product's events share a partition) and reports which the broker
 * acknowledged. A row written by a traced command is sent in a span of its own ({@link PublishTracing}).
 */
final class KafkaEventPublisher implements EventTransport {

    private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);

    private final RelayConfig.Kafka config;
    private final Producer<String, CloudEvent> producer;
    private final PublishTracing tracing;

    KafkaEventPublisher(RelayConfig.Kafka config, String clientId) {
        this(config, clientId, PublishTracing.OFF);
    }

    KafkaEventPublisher(RelayConfig.Kafka config, String clientId, PublishTracing tracing) {
        // plus kafka.*; client metrics
        this(config, KafkaClients.producer(producerProperties(config, clientId)), tracing);
    }

    KafkaEventPublisher(RelayConfig.Kafka config, Producer<String, CloudEvent> producer) {
        this(config, producer, PublishTracing.OFF);
    }

    KafkaEventPublisher(RelayConfig.Kafka config, Producer<String, CloudEvent> producer, PublishTracing tracing) {
        this.config = config;
        this.producer = producer;
        this.tracing = tracing;
    }

    static Map<String, Object> producerProperties(RelayConfig.Kafka config, String clientId) {
        boolean allAcks = "all".equals(config.requiredAcks()) || "-1".equals(config.requiredAcks());
        // Idempotence keeps a partition's order across retries with up to 5 requests in flight; it
        // needs acks=all and retries. Without it, one request in flight is what keeps the order.
        boolean idempotent = allAcks && config.maxAttempts() > 1;
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        properties.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, idempotent ? 5 : 1);
        properties.put(ProducerConfig.ACKS_CONFIG, config.requiredAcks());
        properties.put(ProducerConfig.RETRIES_CONFIG, config.maxAttempts() - 1);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, config.batchSize());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression().kafkaName());
        int requestTimeout = (int) config.requestTimeout().toMillis();
        // Kafka requires delivery.timeout >= linger + request.timeout
        int deliveryTimeout = (int) Math.max(config.deliveryTimeout().toMillis(), config.lingerMs() + requestTimeout);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
        // send() blocks at most this long for metadata while the broker is unreachable
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout);
        return properties;
    }

    /**
     * Creates the topic with the configured partitions if it is missing, and answers true once
     * every partition answers from its leader; false while the broker is unreachable or a leader
     * is still missing. A new producer's first requests to a partition whose leader is being set
     * up can be appended out of order (KAFKA-15591: the first fails with NOT_LEADER_OR_FOLLOWER, a
     * later one in flight is taken, the retry never fits), so the relay publishes only after this.
     */
    @Override
    public boolean ensureTopic() throws InterruptedException {
        Duration timeout = config.requestTimeout();
        try (Admin admin = Admin.create(KafkaClients.settings(AdminClientConfig.configNames(), Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())))) {
            try {
                admin.createTopics(List.of(new NewTopic(config.topic(), Optional.of(config.topicPartitions()),
                        Optional.empty()))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("created topic %s with %d partitions", config.topic(), config.topicPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // ListOffsets is answered by each partition's leader only, as a produce request is
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(List.of(config.topic())).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(config.topic()).partitions()
                    .forEach(p -> partitions.put(new TopicPartition(config.topic(), p.partition()), OffsetSpec.latest()));
            admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            LOG.warnf("topic %s is not ready yet: %s", config.topic(), e.getCause().getMessage());
            return false;
        } catch (TimeoutException | KafkaException e) {
            LOG.warnf("topic %s is not ready yet: %s", config.topic(), e.getMessage());
            return false;
        }
    }

    /**
     * Sends the rows in order and waits for every outcome (bounded by the delivery timeout). A
     * send() that throws, or that the producer refuses at once (a record too large, say), stops the
     * pass: later rows wait for the next one, so a product's events are never sent around a gap.
     * With idempotence the broker appends a partition's records only without gaps (a partition
     * still being set up aside, see ensureTopic), so a failed row never has a later row of its
     * product acknowledged behind it.
     */
    @Override
    public Outcome publish(List<OutboxRow> rows) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        Span[] spans = null; // made only once a row carries a trace
        int failed = 0;
        for (OutboxRow row : rows) {
            Span span = tracing.start(row);
            if (span != null) {
                spans = spans == null ? new Span[rows.size()] : spans;
                spans[sends.size()] = span;
            }
            try {
                Future<RecordMetadata> send = producer.send(
                        new ProducerRecord<>(config.topic(), row.productId(), PublishTracing.event(row, span)));
                sends.add(send);
                if (send.isDone() && refused(send, row)) {
                    break; // counted below, with the other outcomes
                }
            } catch (KafkaException e) {
                LOG.warnf("send of outbox row %d failed, retrying later: %s", row.id(), e.getMessage());
                PublishTracing.failed(span, e);
                failed++;
                break;
            }
        }
        List<OutboxRow> acknowledged = new ArrayList<>(sends.size());
        int contiguous = 0;
        for (int i = 0; i < sends.size(); i++) {
            Span span = spans == null ? null : spans[i];
            try {
                PublishTracing.acknowledged(span, sends.get(i).get());
                acknowledged.add(rows.get(i));
                if (contiguous == i) {
                    contiguous++;
                }
            } catch (ExecutionException e) {
                PublishTracing.failed(span, e.getCause());
                failed++;
                LOG.debugf("outbox row %d not acknowledged: %s", rows.get(i).id(), e.getCause().getMessage());
            }
        }
        if (failed > 0) {
            LOG.warnf("%d of %d events not acknowledged by the broker, retrying", failed, rows.size());
        }
        return new Outcome(acknowledged, failed, contiguous);
    }

    private static boolean refused(Future<RecordMetadata> send, OutboxRow row) throws InterruptedException {
        try {
            send.get();
            return false;
        } catch (ExecutionException e) {
            LOG.warnf("the producer refused outbox row %d, retrying later: %s", row.id(), e.getCause().getMessage());
            return true;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
