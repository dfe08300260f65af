package io.stockflow.warehouse.messaging;

import io.stockflow.warehouse.outbox.EventTransport;
import io.stockflow.warehouse.outbox.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens the relay's Kafka producers. */
@ApplicationScoped
public class KafkaTransports implements EventTransport.Factory {

    private final RelayConfig config;

    public KafkaTransports(RelayConfig config) {
        this.config = config;
    }

    @Override
    public EventTransport open(String clientId) {
        return new KafkaEventPublisher(config.kafka(), clientId);
    }
}
