package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;

/**
 * A real single-node KRaft broker in the test JVM (no Docker). Sets {@code kafka.bootstrap.servers}
 * for the application under test; {@link #bootstrapServers()} gives it to test code.
 */
public class EmbeddedKafka implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", ensureStarted());
    }

    @Override
    public void stop() {
        // one broker serves every test class of the JVM; it goes with the JVM
    }

    public static synchronized String ensureStarted() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker()
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("auto.create.topics.enable", "true");
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker.getAdvertisedListeners();
    }

    public static String bootstrapServers() {
        return ensureStarted();
    }
}
