package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;

/**
 * The Kafka broker of the tests, chosen by {@code -Dstockflow.kafka}: {@code embedded} (default, an
 * in-JVM KRaft broker, no Docker) or {@code testcontainers} (a Kafka container; needs Docker and the
 * Maven profile of the same name, which adds module test-support-testcontainers).
 */
public final class KafkaTestBroker {

    public static final String PROPERTY = "stockflow.kafka";
    private static final String TESTCONTAINERS = "io.stockflow.testsupport.testcontainers.TestcontainersKafka";

    private KafkaTestBroker() {
    }

    /** The Quarkus test resource that starts the chosen broker and sets {@code kafka.bootstrap.servers}. */
    @SuppressWarnings("unchecked")
    public static Class<? extends QuarkusTestResourceLifecycleManager> resource() {
        return (Class<? extends QuarkusTestResourceLifecycleManager>) implementation();
    }

    public static String bootstrapServers() {
        return (String) call("bootstrapServers");
    }

    /** Makes the broker unreachable, as an outage would, keeping its address and data. */
    public static void stopBroker() {
        call("stopBroker");
    }

    /** Brings the broker back at the same address with the records it had. */
    public static void restartBroker() {
        call("restartBroker");
    }

    private static Class<?> implementation() {
        if (!"testcontainers".equals(System.getProperty(PROPERTY, "embedded"))) {
            return EmbeddedKafka.class;
        }
        try {
            return Class.forName(TESTCONTAINERS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("-D" + PROPERTY + "=testcontainers needs the Maven profile"
                    + " 'testcontainers' (module test-support-testcontainers on the test classpath)", e);
        }
    }

    private static Object call(String method) {
        try {
            return implementation().getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
