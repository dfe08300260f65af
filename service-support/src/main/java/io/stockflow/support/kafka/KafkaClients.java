package io.stockflow.support.kafka;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The services' own Kafka clients (built by hand, so Quarkus neither configures nor measures them):
 * <ul>
 * <li>settings: the standard client settings from configuration first ({@code kafka.<setting>}
 * properties and {@code KAFKA_<SETTING>} environment variables naming a setting this kind of client
 * knows: security.protocol, sasl.*, ssl.*, client.id, ...), then the service's own on top, so a
 * client joins a secured cluster without code;</li>
 * <li>metrics: Micrometer's {@link KafkaClientMetrics} (kafka_producer_*, kafka_consumer_*, consumer
 * lag per partition included) in the global registry, which Quarkus's registries belong to, for the
 * client's life: closing the client removes its meters.</li>
 * </ul>
 */
public final class KafkaClients {

    private static final String PREFIX = "kafka.";
    /** How soon meters for new Kafka metrics (a partition's lag after an assignment) appear. */
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(10);
    private static final ScheduledExecutorService METRICS_SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kafka-client-metrics");
        thread.setDaemon(true);
        return thread;
    });

    private KafkaClients() {
    }

    /** @param own the service's settings (a Map or Properties), which win over configured ones */
    public static <K, V> KafkaProducer<K, V> producer(Map<?, ?> own) {
        return new MeteredProducer<>(settings(ProducerConfig.configNames(), own));
    }

    public static <K, V> KafkaConsumer<K, V> consumer(Map<?, ?> own) {
        return new MeteredConsumer<>(settings(ConsumerConfig.configNames(), own));
    }

    /** The configured standard settings among {@code known}, overridden by {@code own}. */
    public static Map<String, Object> settings(Set<String> known, Map<?, ?> own) {
        Map<String, Object> settings = new HashMap<>(configured(ConfigProvider.getConfig(), known));
        own.forEach((name, value) -> settings.put(name.toString(), value));
        return settings;
    }

    static Map<String, String> configured(Config config, Set<String> known) {
        Map<String, String> found = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            String dotted = name.toLowerCase(Locale.ROOT).replace('_', '.');
            if (dotted.startsWith(PREFIX) && known.contains(dotted.substring(PREFIX.length()))) {
                // read by the dotted name: SmallRye Config then weighs the property against its env variable
                config.getOptionalValue(dotted, String.class)
                        .ifPresent(value -> found.put(dotted.substring(PREFIX.length()), value));
            }
        }
        return found;
    }

    private static KafkaClientMetrics bind(KafkaClientMetrics metrics) {
        metrics.bindTo(Metrics.globalRegistry);
        return metrics;
    }

    private static void closeThen(Runnable close, KafkaClientMetrics metrics) {
        try {
            close.run();
        } finally {
            metrics.close();
        }
    }

    private static final class MeteredProducer<K, V> extends KafkaProducer<K, V> {
        private final KafkaClientMetrics metrics;

        MeteredProducer(Map<String, Object> settings) {
            super(settings);
            metrics = bind(new KafkaClientMetrics(this, List.of(), METRICS_SCHEDULER, METRICS_REFRESH));
        }

        @Override
        public void close(Duration timeout) { // close() comes here too
            closeThen(() -> super.close(timeout), metrics);
        }
    }

    private static final class MeteredConsumer<K, V> extends KafkaConsumer<K, V> {
        private final KafkaClientMetrics metrics;

        MeteredConsumer(Map<String, Object> settings) {
            super(settings);
            metrics = bind(new KafkaClientMetrics(this, List.of(), METRICS_SCHEDULER, METRICS_REFRESH));
        }

        @Override
        public void close() {
            closeThen(super::close, metrics);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void close(Duration timeout) {
            closeThen(() -> super.close(timeout), metrics);
        }

        @Override
        public void close(CloseOptions options) {
            closeThen(() -> super.close(options), metrics);
        }
    }
}
