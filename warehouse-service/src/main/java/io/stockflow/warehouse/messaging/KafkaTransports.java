package io.stockflow.warehouse.messaging;

import io.opentelemetry.api.trace.Tracer;
import io.stockflow.warehouse.outbox.EventTransport;
import io.stockflow.warehouse.outbox.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens the relay's Kafka producers. */
@ApplicationScoped
public class KafkaTransports implements EventTransport.Factory {

    private final RelayConfig config;
    private final PublishTracing tracing;

    public KafkaTransports(RelayConfig config, Tracer tracer) {
        this.config = config;
        this.tracing = new PublishTracing(tracer, config.kafka().topic());
    }

    @Override
    public EventTransport open(String clientId) {
        return new KafkaEventPublisher(config.kafka(), clientId, tracing);
    }
}
