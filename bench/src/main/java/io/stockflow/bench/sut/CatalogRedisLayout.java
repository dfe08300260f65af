package io.stockflow.bench.sut;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Optional;

/**
 * The only place the harness knows how the catalog lays out stock in Redis
 * (catalog-service/README.md, "Redis layout"): change it here if the catalog's layout changes.
 */
public final class CatalogRedisLayout {

    private static final String STOCK = "catalog:stock:{";
    private static final String LEVEL = "}:warehouse:";

    private CatalogRedisLayout() {
    }

    /** A level: hash with onHand, reserved, available, version, lowStockThreshold, updatedAt. */
    public static String levelKey(String productId, String warehouseId) {
        return STOCK + productId + LEVEL + warehouseId;
    }

    /** The commands behind one catalog product read, pipelined: its cached details and its rendered stock. */
    public static List<Request> productRead(String productId) {
        return List.of(Request.cmd(Command.GET).arg("catalog:product:{" + productId + "}"),
                Request.cmd(Command.GET).arg(STOCK + productId + "}:json"));
    }

    /** The version of a level the catalog has applied; reply parsed by {@link #version}. */
    public static Request readVersion(String levelKey) {
        return Request.cmd(Command.HGET).arg(levelKey).arg("version");
    }

    /** 0 when the catalog holds no such level yet. */
    public static long version(Response reply) {
        return reply == null ? 0 : reply.toLong();
    }

    /** Keyspace-notification channel pattern for every level key in logical database {@code db}. */
    public static String levelNotifications(int db) {
        return "__keyspace@" + db + "__:" + STOCK + "*" + LEVEL + "*";
    }

    /** The level key a keyspace-notification channel names, if it names one. */
    public static Optional<String> levelKeyOfChannel(String channel) {
        int colon = channel.indexOf("__:");
        String key = colon < 0 ? channel : channel.substring(colon + 3);
        return key.startsWith(STOCK) && key.contains(LEVEL) ? Optional.of(key) : Optional.empty();
    }

    /** Every key of the catalog's read model (for the cold-start measurement). */
    public static String allKeysPattern() {
        return "catalog:*";
    }
}
