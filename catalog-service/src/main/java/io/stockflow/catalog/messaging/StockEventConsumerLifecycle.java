package io.stockflow.catalog.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the {@code catalog} consumer group from startup to shutdown (graceful: in-flight work is committed). */
@ApplicationScoped
public class StockEventConsumerLifecycle {

    private final CatalogConfig config;
    private final StockRecordProcessor processor;
    private final PipelineMetrics metrics;
    private final String bootstrapServers;
    private StockEventConsumer consumer;

    StockEventConsumerLifecycle(CatalogConfig config, StockRecordProcessor processor, PipelineMetrics metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.processor = processor;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
    }

    /** The settings of the service's consumer; tests derive others (own topic, own group) from them. */
    public StockEventConsumer.Settings settings() {
        CatalogConfig.Consumer c = config.consumer();
        return new StockEventConsumer.Settings(bootstrapServers, c.topic(), c.groupId(), c.autoOffsetReset(),
                c.maxPollRecords(), config.workerCount(), config.queueSize(), config.batchSize(),
                config.batchTimeout(), c.shutdownTimeout());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.consumer().enabled()) {
            consumer = new StockEventConsumer(settings(), processor, metrics).start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }
}
