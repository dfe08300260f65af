package io.stockflow.warehouse.support;

import io.cloudevents.CloudEvent;
import io.stockflow.events.StockEvents;
import io.stockflow.warehouse.support.OutboxFixtures.WrittenEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What order a product's events reached the topic in, and what order they were written in. */
public final class Deliveries {

    private Deliveries() {
    }

    /** Per product, the ledger sequences in the order of their first delivery (redeliveries dropped). */
    public static Map<String, List<Long>> firstDeliveryOrder(List<ConsumerRecord<String, CloudEvent>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.collectingAndThen(
                Collectors.mapping(r -> Long.parseLong(String.valueOf(r.value().getExtension(StockEvents.EXT_SEQUENCE))),
                        Collectors.toCollection(LinkedHashSet::new)),
                List::copyOf)));
    }

    /** Per product, the sequences in the order the product's transactions committed. */
    public static Map<String, List<Long>> commitOrder(List<WrittenEvent> written) {
        return written.stream().collect(Collectors.groupingBy(WrittenEvent::productId,
                Collectors.mapping(WrittenEvent::sequence, Collectors.toList())));
    }
}
