package io.stockflow.testsupport.testcontainers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a container, for machines with Docker ({@code -Dstockflow.kafka=testcontainers}). Same
 * static surface as {@link io.stockflow.testsupport.EmbeddedKafka}: an outage is a paused container,
 * which keeps its mapped port and its data.
 */
public class TestcontainersKafka implements QuarkusTestResourceLifecycleManager {

    private static final String IMAGE = System.getProperty("stockflow.kafka.image", "apache/kafka:4.0.0");
    private static KafkaContainer container;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // one container serves every test class of the JVM; Testcontainers' reaper removes it
    }

    public static synchronized String bootstrapServers() {
        if (container == null) {
            container = new KafkaContainer(IMAGE)
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                    .withEnv("KAFKA_NUM_PARTITIONS", "3");
            container.start();
        }
        return container.getBootstrapServers();
    }

    public static synchronized void stopBroker() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    public static synchronized void restartBroker() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }
}
