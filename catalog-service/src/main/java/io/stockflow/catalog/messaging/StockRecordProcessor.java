package io.stockflow.catalog.messaging;

import io.cloudevents.kafka.KafkaMessageFactory;
import io.stockflow.catalog.metrics.PipelineMetrics;
import io.stockflow.catalog.messaging.DeadLetterPublisher.DeadLetter;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.service.StockEventHandler.DecodedEvent;
import io.stockflow.events.StockEvents.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns Kafka records into CloudEvents (SDK Kafka binding, binary or structured mode) and hands them to
 * the handler; a record that cannot be read, bound or validated (a poison record) goes to the
 * dead-letter topic with the reason, so it never blocks its partition.
 * Applying and dead-lettering both finish before this returns, so the caller may then commit.
 */
@ApplicationScoped
public class StockRecordProcessor implements StockEventConsumer.RecordProcessor {

    private static final Logger LOG = Logger.getLogger(StockRecordProcessor.class);

    private final StockEventHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final PipelineMetrics metrics;

    StockRecordProcessor(StockEventHandler handler, DeadLetterPublisher deadLetters, PipelineMetrics metrics) {
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void process(List<ConsumerRecord<String, byte[]>> records) {
        long started = System.nanoTime();
        List<DecodedEvent> events = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> decodedFrom = new ArrayList<>(records.size());
        List<DeadLetter> bad = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(handler.decode(() -> KafkaMessageFactory.createReader(record).toEvent()));
                decodedFrom.add(record);
            } catch (MalformedEventException e) {
                LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                bad.add(new DeadLetter(record, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        handler.apply(events);
        long applied = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            metrics.applied(decodedFrom.get(i).partition(), events.get(i).timeMillis());
        }
        deadLetters.publish(bad);
        metrics.processed(records.size(), started, applied);
    }
}
