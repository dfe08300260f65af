package io.stockflow.warehouse.service;

import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.persistence.StockLevelRepository.ChangePosition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: clients pass them back unchanged; a tampered one is a 400, never a 500. */
public final class Cursors {

    private Cursors() {
    }

    public static String ofSequence(long sequence) {
        return encode("m:" + sequence);
    }

    public static long toSequence(String cursor) {
        String raw = decode(cursor);
        if (!raw.startsWith("m:")) {
            throw new InvalidCursor();
        }
        try {
            return Long.parseLong(raw.substring(2));
        } catch (NumberFormatException e) {
            throw new InvalidCursor();
        }
    }

    public static String ofPosition(ChangePosition position) {
        return encode("c:" + position.xid() + ":" + position.productId().length() + ":" + position.productId()
                + position.warehouseId());
    }

    public static ChangePosition toPosition(String cursor) {
        String raw = decode(cursor);
        String[] parts = raw.split(":", 4);
        if (parts.length != 4 || !parts[0].equals("c")) {
            throw new InvalidCursor();
        }
        try {
            long xid = Long.parseLong(parts[1]);
            int productLength = Integer.parseInt(parts[2]);
            if (xid < 0 || productLength < 0 || productLength > parts[3].length()) {
                throw new InvalidCursor();
            }
            return new ChangePosition(xid, parts[3].substring(0, productLength), parts[3].substring(productLength));
        } catch (NumberFormatException e) {
            throw new InvalidCursor();
        }
    }

    /** After this level, in (product, warehouse) order: the levels listing. */
    public static String ofLevel(LevelKey key) {
        return encode("l:" + key.productId().length() + ":" + key.productId() + key.warehouseId());
    }

    public static LevelKey toLevel(String cursor) {
        String[] parts = decode(cursor).split(":", 3);
        if (parts.length != 3 || !parts[0].equals("l")) {
            throw new InvalidCursor();
        }
        try {
            int productLength = Integer.parseInt(parts[1]);
            if (productLength < 1 || productLength >= parts[2].length()) {
                throw new InvalidCursor();
            }
            return new LevelKey(parts[2].substring(0, productLength), parts[2].substring(productLength));
        } catch (NumberFormatException e) {
            throw new InvalidCursor();
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }

    /** The cursor is not one this service handed out. */
    public static class InvalidCursor extends RuntimeException {
        public InvalidCursor() {
            super("cursor is not valid; pass back a nextCursor exactly as received");
        }
    }
}
