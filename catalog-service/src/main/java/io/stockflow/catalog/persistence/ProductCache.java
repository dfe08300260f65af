package io.stockflow.catalog.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.events.IsoInstants;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Product details cached as JSON under {@code catalog:product:{productId}}, with a TTL. */
@ApplicationScoped
public class ProductCache {

    private final RedisPipeline redis;
    private final ObjectMapper mapper;
    private final JsonFactory json;
    private final CatalogConfig config;
    private final NearCache nearCache;

    ProductCache(RedisPipeline redis, ObjectMapper mapper, CatalogConfig config, NearCache nearCache) {
        this.nearCache = nearCache;
        this.redis = redis;
        this.mapper = mapper;
        this.json = mapper.getFactory();
        this.config = config;
    }

    /** The command reading a cached product, for callers that pipeline it with others; see {@link #decode}. */
    public static Request readRequest(String productId) {
        return Request.cmd(Command.GET).arg(StockKeys.product(productId));
    }

    /**
     * The product in the reply to {@link #readRequest}; null when it is not cached, or cached in a shape
     * this version cannot read (a miss: the database has the truth). Reads the JSON {@link #put} wrote
     * with the streaming parser rather than databind, as every product read pays for it.
     */
    public Product decode(Response reply) {
        if (reply == null) {
            return null;
        }
        try (JsonParser p = json.createParser(reply.toBytes())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String productId = null;
            String name = null;
            String description = null;
            BigDecimal price = null;
            String currency = null;
            String category = null;
            Instant updatedAt = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "productId" -> productId = text(p, value);
                    case "name" -> name = text(p, value);
                    case "description" -> description = text(p, value);
                    case "price" -> price = value == JsonToken.VALUE_NULL ? null : p.getDecimalValue();
                    case "currency" -> currency = text(p, value);
                    case "category" -> category = text(p, value);
                    case "updatedAt" -> {
                        String at = text(p, value);
                        updatedAt = at == null ? null : IsoInstants.parse(at);
                    }
                    default -> p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || productId == null) {
                return null;
            }
            return new Product(productId, name, description, price, currency, category, updatedAt);
        } catch (IOException | DateTimeException unreadable) {
            return null;
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(p, "expected a string, got " + value);
        };
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
        products.forEach(product -> nearCache.evict(product.productId()));
    }

    public void evict(String productId) {
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.product(productId)));
        nearCache.evict(productId);
    }
}
