package io.stockflow.catalog.stock;

/**
 * Redis key names of the catalog, the one place they are spelled (the apply script gets them as KEYS). Every key of a product carries the hash tag {@code {productId}},
 * so the apply script touches one cluster slot only; that includes the processed-event marker,
 * which therefore names the product as well as the event.
 */
public final class StockKeys {

    private StockKeys() {
    }

    private static final String STOCK_PREFIX = "catalog:stock:{";
    private static final String PRODUCT_PREFIX = "catalog:product:{";
    private static final String LEVEL_FIELD_PREFIX = "w:";

    private static String stock(String productId) {
        return STOCK_PREFIX + productId + "}:";
    }

    public static String total(String productId) {
        return stock(productId) + "total";
    }

    public static String available(String productId) {
        return stock(productId) + "available";
    }

    public static String status(String productId) {
        return stock(productId) + "status";
    }

    public static String lowStock(String productId) {
        return stock(productId) + "low_stock";
    }

    /** The stock text product reads copy into responses, rendered by the apply script only. */
    public static String json(String productId) {
        return stock(productId) + "json";
    }

    /** The field of a level in the total hash (the apply script spells it too: {@code 'w:' .. id}). */
    public static String levelField(String warehouseId) {
        return LEVEL_FIELD_PREFIX + warehouseId;
    }

    /** The warehouse id of a total hash's level field; null for its other fields (the aggregates). */
    public static String warehouseOfLevelField(String field) {
        return field.startsWith(LEVEL_FIELD_PREFIX) ? field.substring(LEVEL_FIELD_PREFIX.length()) : null;
    }

    public static String warehouse(String productId, String warehouseId) {
        return stock(productId) + "warehouse:" + warehouseId;
    }

    public static String processed(String productId, String eventId) {
        return "catalog:event:processed:{" + productId + "}:" + eventId;
    }

    public static String product(String productId) {
        return PRODUCT_PREFIX + productId + "}";
    }

    /** The product a product or stock key belongs to; null for any other key. */
    public static String productOf(String key) {
        if (key.startsWith(PRODUCT_PREFIX) && key.endsWith("}")) {
            return key.substring(PRODUCT_PREFIX.length(), key.length() - 1);
        }
        if (key.startsWith(STOCK_PREFIX)) {
            int end = key.lastIndexOf("}:");
            return end >= STOCK_PREFIX.length() ? key.substring(STOCK_PREFIX.length(), end) : null;
        }
        return null;
    }

    public static final String SYNC_CHECKPOINT = "catalog:sync:checkpoint";
}
