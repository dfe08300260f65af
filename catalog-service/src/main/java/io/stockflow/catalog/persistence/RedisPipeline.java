package io.stockflow.catalog.persistence;

import io.stockflow.catalog.config.CatalogConfig;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends many commands in one pipelined round trip and waits for all replies (callers are worker threads). */
@ApplicationScoped
public class RedisPipeline {

    private final Redis redis;
    private final CatalogConfig config;

    RedisPipeline(Redis redis, CatalogConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The replies in request order; fails as a whole if any command failed. */
    public List<Response> send(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return redis.batch(requests).await().atMost(config.cache().redisTimeout());
    }

    public Response sendOne(Request request) {
        return redis.send(request).await().atMost(config.cache().redisTimeout());
    }

    /** A hash reply (HGETALL) as a map; empty when the key does not exist. RESP2 and RESP3 alike. */
    public static Map<String, String> hash(Response reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply == null || reply.size() == 0) {
            return fields;
        }
        if (reply.isMap()) {
            for (String key : reply.getKeys()) {
                fields.put(key, reply.get(key).toString());
            }
        } else {
            List<Response> flat = new ArrayList<>();
            reply.forEach(flat::add);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
            }
        }
        return fields;
    }
}
