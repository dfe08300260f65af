package io.stockflow.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A consistency token (header {@code Stockflow-Consistency}): the level versions a command wrote,
 * which a catalog read can ask to see. The warehouse encodes it, the catalog decodes it; clients treat
 * it as opaque.
 *
 * <p>Compact: base64url (no padding) of format byte 1, the token's warehouse ids once (sorted), then
 * the products in id order, each id front-coded against the one before (shared prefix length, rest),
 * with its levels as (warehouse index, version) pairs, every number an unsigned LEB128 varint. One
 * level of {@code SKU-000042} in {@code WH-01} is 34 characters; a 1000-line batch of consecutive demo
 * products about 10 KB.
 *
 * <p>Safe to decode from anyone: at most {@link #MAX_LENGTH} characters are looked at, every count and
 * length is checked against what is left before anything is allocated for it, ids must meet the
 * {@link Ids} rule, products and warehouses must be strictly ordered (no duplicates) and nothing may
 * trail, so decoding is linear in the token's length and a forged token fails with {@link Malformed}.
 */
public final class ConsistencyToken {

    /** The longest token, in characters; a command whose token would be longer answers without one. */
    public static final int MAX_LENGTH = 16_384;
    /** The header that carries it, on a command's answer and on a catalog read. */
    public static final String HEADER = "Stockflow-Consistency";
    /** The catalog's answer to a read with a token: {@code cache} or {@code warehouse}. */
    public static final String SOURCE_HEADER = "Stockflow-Consistency-Source";

    private static final int FORMAT = 1;
    private static final int MAX_ID = 64;
    private static final ConsistencyToken EMPTY = new ConsistencyToken(Map.of());

    /** One level at (at least) a version. */
    public record Level(String productId, String warehouseId, long version) {
    }

    /** productId → warehouseId → version, both in id order. */
    private final Map<String, Map<String, Long>> versions;

    private ConsistencyToken(Map<String, Map<String, Long>> versions) {
        this.versions = versions;
    }

    /** The versions the token asks for, per warehouse, of one product; empty if it names none. */
    public Map<String, Long> levelsOf(String productId) {
        return versions.getOrDefault(productId, Map.of());
    }

    /** The products the token names, in id order. */
    public Collection<String> products() {
        return versions.keySet();
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /**
     * The token for these levels (a level named twice counts with its highest version); empty when it
     * would be longer than {@link #MAX_LENGTH}.
     */
    public static Optional<String> encode(Collection<Level> levels) {
        Map<String, Map<String, Long>> byProduct = new TreeMap<>();
        TreeMap<String, Integer> warehouses = new TreeMap<>();
        for (Level level : levels) {
            if (!Ids.isWellFormed(level.productId()) || !Ids.isWellFormed(level.warehouseId()) || level.version() < 1) {
                throw new IllegalArgumentException("not a level of a token: " + level);
            }
            byProduct.computeIfAbsent(level.productId(), p -> new TreeMap<>())
                    .merge(level.warehouseId(), level.version(), Math::max);
            warehouses.put(level.warehouseId(), 0);
        }
        int index = 0;
        for (Map.Entry<String, Integer> warehouse : warehouses.entrySet()) {
            warehouse.setValue(index++);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + levels.size() * 8);
        out.write(FORMAT);
        varint(out, warehouses.size());
        for (String warehouse : warehouses.keySet()) {
            string(out, warehouse.getBytes(StandardCharsets.US_ASCII));
        }
        varint(out, byProduct.size());
        byte[] previous = new byte[0];
        for (Map.Entry<String, Map<String, Long>> product : byProduct.entrySet()) {
            byte[] id = product.getKey().getBytes(StandardCharsets.US_ASCII);
            int shared = 0;
            while (shared < id.length && shared < previous.length && id[shared] == previous[shared]) {
                shared++;
            }
            varint(out, shared);
            varint(out, id.length - shared);
            out.write(id, shared, id.length - shared);
            varint(out, product.getValue().size());
            for (Map.Entry<String, Long> level : product.getValue().entrySet()) {
                varint(out, warehouses.get(level.getKey()));
                varint(out, level.getValue());
            }
            previous = id;
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        return token.length() <= MAX_LENGTH ? Optional.of(token) : Optional.empty();
    }

    /** Reads a token; {@link Malformed} (with a reason a client can be told) for anything it did not make. */
    public static ConsistencyToken decode(String token) {
        if (token == null || token.isEmpty()) {
            throw new Malformed("is empty");
        }
        if (token.length() > MAX_LENGTH) {
            throw new Malformed("is longer than " + MAX_LENGTH + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new Malformed("is not base64url");
        }
        Reader in = new Reader(bytes);
        if (in.remaining() == 0 || in.bytes[in.at++] != FORMAT) {
            throw new Malformed("is of an unknown format");
        }
        // a warehouse id takes at least 2 bytes, a product 4 (prefix, rest, count, one level of 2): counts
        // beyond what is left are refused before any list is sized by them
        int warehouseCount = in.count(2);
        List<String> warehouses = new ArrayList<>(warehouseCount);
        for (int i = 0; i < warehouseCount; i++) {
            String id = in.id(new byte[0], 0);
            if (i > 0 && warehouses.get(i - 1).compareTo(id) >= 0) {
                throw new Malformed("lists its warehouses out of order");
            }
            warehouses.add(id);
        }
        int productCount = in.count(4);
        if (productCount == 0) {
            if (in.remaining() != 0) {
                throw new Malformed("has trailing bytes");
            }
            return EMPTY;
        }
        Map<String, Map<String, Long>> versions = new TreeMap<>();
        byte[] previous = new byte[0];
        String previousId = null;
        for (int p = 0; p < productCount; p++) {
            int shared = (int) in.number(previous.length);
            String productId = in.id(previous, shared);
            if (previousId != null && previousId.compareTo(productId) >= 0) {
                throw new Malformed("lists its products out of order");
            }
            int levelCount = in.count(2);
            if (levelCount == 0) {
                throw new Malformed("names a product without levels");
            }
            Map<String, Long> levels = new TreeMap<>();
            long lastIndex = -1;
            for (int l = 0; l < levelCount; l++) {
                long index = in.number(warehouses.size() - 1L);
                if (index <= lastIndex) {
                    throw new Malformed("lists a product's levels out of order");
                }
                long version = in.number(Long.MAX_VALUE);
                if (version < 1) {
                    throw new Malformed("names a version below 1");
                }
                levels.put(warehouses.get((int) index), version);
                lastIndex = index;
            }
            versions.put(productId, Collections.unmodifiableMap(levels));
            previous = productId.getBytes(StandardCharsets.US_ASCII);
            previousId = productId;
        }
        if (in.remaining() != 0) {
            throw new Malformed("has trailing bytes");
        }
        return new ConsistencyToken(Collections.unmodifiableMap(versions));
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        varint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** Bounds-checked reading of the decoded bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - at;
        }

        /** An unsigned varint of at most 9 bytes (63 bits), no larger than {@code max}. */
        long number(long max) {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                if (at >= bytes.length) {
                    throw new Malformed("ends early");
                }
                int b = bytes[at++] & 0xFF;
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value > max || value < 0) {
                        throw new Malformed("holds a number out of range");
                    }
                    return value;
                }
            }
            throw new Malformed("holds a number out of range");
        }

        /** A count of items that each take at least {@code minBytes}. */
        int count(int minBytes) {
            return (int) number(remaining() / minBytes);
        }

        /** An id: {@code shared} bytes of {@code previous}, then a length-prefixed rest. */
        String id(byte[] previous, int shared) {
            int rest = (int) number(MAX_ID - shared);
            if (rest > remaining()) {
                throw new Malformed("ends early");
            }
            byte[] id = new byte[shared + rest];
            System.arraycopy(previous, 0, id, 0, shared);
            System.arraycopy(bytes, at, id, shared, rest);
            at += rest;
            String text = new String(id, StandardCharsets.ISO_8859_1);
            if (!Ids.isWellFormed(text)) {
                throw new Malformed("holds an id that is not one");
            }
            return text;
        }
    }

    /** Not a token the warehouse made: too long, not base64url, truncated, out of range or out of order. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String reason) {
            super("Stockflow-Consistency token " + reason, null, false, false);
        }
    }
}
