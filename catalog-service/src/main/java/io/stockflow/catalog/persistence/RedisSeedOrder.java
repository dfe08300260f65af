package io.stockflow.catalog.persistence;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the client's Redis nodes in the order REDIS_URL names them. A Redis Cluster client asks its seeds for
 * the slot map in that order, so an operator decides which node is asked first; Quarkus keeps the configured
 * hosts in a set, which loses the order.
 */
@Singleton
public class RedisSeedOrder implements RedisOptionsCustomizer {

    private final List<String> configured;

    RedisSeedOrder(@ConfigProperty(name = "quarkus.redis.hosts") List<String> hosts) {
        configured = hosts.stream().map(RedisSeedOrder::hostAndPort).toList();
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        List<String> endpoints = new ArrayList<>(options.getEndpoints());
        endpoints.sort(Comparator.comparingInt(endpoint -> {
            int at = configured.indexOf(hostAndPort(endpoint));
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        options.setEndpoints(endpoints);
    }

    /** The node a connection string names, whatever its database, user or query. */
    static String hostAndPort(String connectionString) {
        URI uri = URI.create(connectionString.trim());
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }

}
