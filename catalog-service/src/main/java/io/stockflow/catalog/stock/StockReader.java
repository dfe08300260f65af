package io.stockflow.catalog.stock;

import io.stockflow.catalog.persistence.RedisPipeline;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a product's stock as product responses carry it: the JSON text {@code redis/apply-levels.lua}
 * renders and keeps (the only place it is made), as stored bytes that a response copies as they are.
 * No text means Redis holds no usable stock for the product (none yet, lost, or of an older layout the
 * script has not rebuilt): the caller reads it through from the warehouse, and the script renders it.
 */
@ApplicationScoped
public class StockReader {

    /** What follows the total's status in the text, for {@link #inStock}. */
    private static final byte[] STATUS = ",\"status\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT_OF_STOCK = "out_of_stock\"".getBytes(StandardCharsets.US_ASCII);

    private final RedisPipeline redis;

    StockReader(RedisPipeline redis) {
        this.redis = redis;
    }

    /** The command reading a product's stock text, for callers that pipeline it with others. */
    public static Request request(String productId) {
        return Request.cmd(Command.GET).arg(StockKeys.json(productId));
    }

    /** The text in a reply to {@link #request}; null when Redis holds none. */
    public static byte[] text(Response reply) {
        return reply == null ? null : reply.toBytes();
    }

    /** The command reading the versions Redis holds of some levels of a product (its total hash's w: fields). */
    public static Request versionsRequest(String productId, List<String> warehouseIds) {
        Request request = Request.cmd(Command.HMGET).arg(StockKeys.total(productId));
        for (String warehouseId : warehouseIds) {
            request.arg(StockKeys.levelField(warehouseId));
        }
        return request;
    }

    /** The versions in a reply to {@link #versionsRequest}, by warehouse id; a level Redis lacks is at 0. */
    public static Map<String, Long> versions(Response reply, List<String> warehouseIds) {
        Map<String, Long> versions = new LinkedHashMap<>(warehouseIds.size() * 4 / 3 + 1);
        for (int i = 0; i < warehouseIds.size(); i++) {
            Response field = reply == null || reply.size() <= i ? null : reply.get(i);
            versions.put(warehouseIds.get(i), field == null ? 0L : versionOf(field.toString()));
        }
        return versions;
    }

    /** The version in a level's w: field of the total hash ({@code onHand:reserved:version:threshold:updatedAtMs}). */
    public static long versionOf(String levelField) {
        int first = levelField.indexOf(':');
        int second = levelField.indexOf(':', first + 1);
        int third = levelField.indexOf(':', second + 1);
        return Long.parseLong(third < 0 ? levelField.substring(second + 1) : levelField.substring(second + 1, third));
    }

    /** The stock text of each product (null where there is none), in one pipelined round trip. */
    public Map<String, byte[]> read(Collection<String> productIds) {
        List<String> ids = List.copyOf(productIds);
        List<Request> requests = new ArrayList<>(ids.size());
        for (String id : ids) {
            requests.add(request(id));
        }
        List<Response> replies = redis.send(requests);
        Map<String, byte[]> texts = new LinkedHashMap<>(ids.size() * 4 / 3 + 1);
        for (int i = 0; i < ids.size(); i++) {
            texts.put(ids.get(i), text(replies.get(i)));
        }
        return texts;
    }

    /**
     * Whether the stock in a text is not {@code out_of_stock}, for the list's filter. The script writes
     * the total's status once, right after its numbers ({@code {"onHand":…,"available":…,"status":"…"}}),
     * and no id holds a '"': the first {@code ,"status":"} is it.
     */
    public static boolean inStock(byte[] text) {
        for (int at = 0; at + STATUS.length <= text.length; at++) {
            if (matches(text, at, STATUS)) {
                return !matches(text, at + STATUS.length, OUT_OF_STOCK);
            }
        }
        throw new IllegalStateException("a stock text without a status");
    }

    private static boolean matches(byte[] text, int at, byte[] expected) {
        return at + expected.length <= text.length
                && Arrays.equals(text, at, at + expected.length, expected, 0, expected.length);
    }
}
