package io.stockflow.catalog.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.Product;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Product details cached as JSON under {@code catalog:product:{productId}}, with a TTL. */
@ApplicationScoped
public class ProductCache {

    private final RedisPipeline redis;
    private final ObjectMapper mapper;
    private final CatalogConfig config;

    ProductCache(RedisPipeline redis, ObjectMapper mapper, CatalogConfig config) {
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
    }

    /** The cached products among {@code productIds}, in one pipelined round trip. */
    public Map<String, Product> get(Collection<String> productIds) {
        List<String> ids = List.copyOf(productIds);
        List<Request> requests = new ArrayList<>(ids.size());
        for (String id : ids) {
            requests.add(Request.cmd(Command.GET).arg(StockKeys.product(id)));
        }
        List<Response> replies = redis.send(requests);
        Map<String, Product> found = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Response reply = replies.get(i);
            if (reply != null) {
                try {
                    found.put(ids.get(i), mapper.readValue(reply.toBytes(), Product.class));
                } catch (java.io.IOException unreadable) {
                    // an entry written by an older layout: treat it as a miss, the database has the truth
                }
            }
        }
        return found;
    }

    public void put(Collection<Product> products) {
        List<Request> requests = new ArrayList<>(products.size());
        long ttl = config.cache().productTtl().toSeconds();
        for (Product product : products) {
            try {
                requests.add(Request.cmd(Command.SET).arg(StockKeys.product(product.productId()))
                        .arg(mapper.writeValueAsBytes(product)).arg("EX").arg(ttl));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("product not serialisable", e);
            }
        }
        redis.send(requests);
    }

    public void evict(String productId) {
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.product(productId)));
    }
}
