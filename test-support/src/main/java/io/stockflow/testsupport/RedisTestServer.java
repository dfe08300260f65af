package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The Redis of the tests, chosen by {@code -Dstockflow.redis}: {@code single} (default, the machine's
 * Redis that the application's test settings name, nothing to start) or {@code cluster} (a
 * {@link LocalRedisCluster} started for the JVM, and the Redis clients, the application's and the rate
 * limiter's, set to cluster mode for it).
 */
public class RedisTestServer implements QuarkusTestResourceLifecycleManager {

    public static final String PROPERTY = "stockflow.redis";
    /** An init argument named {@code on-cluster:<property>} sets that property on the cluster run only. */
    public static final String ON_CLUSTER = "on-cluster:";

    private final Map<String, String> onCluster = new HashMap<>();

    /** Whether this run's Redis is the local cluster. */
    public static boolean cluster() {
        return "cluster".equals(System.getProperty(PROPERTY, "single"));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        initArgs.forEach((name, value) -> {
            if (name.startsWith(ON_CLUSTER)) {
                onCluster.put(name.substring(ON_CLUSTER.length()), value);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        if (!cluster()) {
            return Map.of();
        }
        String nodes = LocalRedisCluster.ensureStarted();
        // the read model and the rate limiter's counters alike
        Map<String, String> properties = new HashMap<>(Map.of("quarkus.redis.hosts", nodes, "quarkus.redis.client-type", "cluster",
                "stockflow.rate-limit.redis.url", nodes, "stockflow.rate-limit.redis.client-type", "cluster"));
        properties.putAll(onCluster);
        return properties;
    }

    @Override
    public void stop() {
        // one cluster serves every test class of the JVM; it goes with the JVM
    }
}
