package io.stockflow.catalog.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.domain.Product;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

    ProductCache(RedisPipeline redis, ObjectMapper mapper, CatalogConfig config) {
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
                        updatedAt = at == null ? null : instant(at);
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

    /**
     * {@link Instant#parse} with a fast path for the form Jackson writes, {@code yyyy-MM-ddTHH:mm:ss[.f]Z}:
     * the formatter costs as much as the rest of the decoding.
     */
    static Instant instant(String text) {
        int length = text.length();
        int fraction = length - 21; // digits after the '.'
        boolean shape = length >= 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z'
                && (length == 20 || (text.charAt(19) == '.' && fraction >= 1 && fraction <= 9));
        if (shape) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = length == 20 ? 0 : digits(text, 20, length - 1);
            if ((year | month | day | hour | minute | second | nanos) >= 0 && hour < 24 && minute < 60 && second < 60) {
                for (int i = fraction; i > 0 && i < 9; i++) {
                    nanos *= 10;
                }
                long epochDay = LocalDate.of(year, month, day).toEpochDay(); // validates the date
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code [from, to)}, or -1 if a character is no digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
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
    }

    public void evict(String productId) {
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.product(productId)));
    }
}
