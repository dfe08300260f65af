package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in the test JVM (no Docker). Sets {@code kafka.bootstrap.servers}
 * for the application under test; {@link #bootstrapServers()} gives it to test code.
 *
 * <p>The broker keeps its ports, cluster id and log directory for the whole JVM, so a test can
 * {@link #stopBroker()} it to simulate an outage and {@link #restartBroker()} it with its data.
 */
public class EmbeddedKafka implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;
    private static int kafkaPort;
    private static int controllerPort;
    private static String clusterId;
    private static Path logDir;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", ensureStarted());
    }

    @Override
    public void stop() {
        // one broker serves every test class of the JVM; it goes with the JVM
    }

    public static synchronized String ensureStarted() {
        if (logDir == null) {
            kafkaPort = freePort();
            controllerPort = freePort();
            clusterId = Uuid.randomUuid().toString();
            try {
                logDir = Files.createTempDirectory("stockflow-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::shutdown));
        }
        if (broker == null) {
            broker = new EmbeddedKafkaBroker()
                    .withKafkaPort(kafkaPort)
                    .withControllerPort(controllerPort)
                    .withClusterId(clusterId)
                    .withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(p -> {
                        p.put("log.dir", logDir.toString());
                        p.put("auto.create.topics.enable", "true");
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                    })
                    .start();
        }
        return broker.getAdvertisedListeners();
    }

    public static String bootstrapServers() {
        return ensureStarted();
    }

    /** Stops the broker as an outage would; its clients see it unreachable until {@link #restartBroker()}. */
    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the stopped broker again on the same ports, with the topics and records it had. */
    public static synchronized String restartBroker() {
        return ensureStarted();
    }

    private static synchronized void shutdown() {
        stopBroker();
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory; the OS cleans it eventually
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
