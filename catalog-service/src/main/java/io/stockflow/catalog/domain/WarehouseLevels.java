package io.stockflow.catalog.domain;

import io.stockflow.catalog.domain.ProductStock.WarehouseStock;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A product's stock per warehouse, in warehouse id order (the order clients see), held in parallel
 * arrays: a batch reads and writes up to 1000 of these per request, and a map of entries and level
 * objects per warehouse cost more in allocation and pointer chasing than the rest of the read.
 * Read by position ({@link #id}, {@link #onHand}, {@link #reserved}) or as an unmodifiable map.
 */
public final class WarehouseLevels extends AbstractMap<String, WarehouseStock> {

    private static final WarehouseLevels NONE = new WarehouseLevels(new String[0], new long[0], new long[0], 0);

    private final String[] ids;
    private final long[] onHand;
    private final long[] reserved;
    private final int size;

    private WarehouseLevels(String[] ids, long[] onHand, long[] reserved, int size) {
        this.ids = ids;
        this.onHand = onHand;
        this.reserved = reserved;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    public String id(int i) {
        return ids[checked(i)];
    }

    public long onHand(int i) {
        return onHand[checked(i)];
    }

    public long reserved(int i) {
        return reserved[checked(i)];
    }

    public long available(int i) {
        return onHand(i) - reserved(i);
    }

    private int checked(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public WarehouseStock get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : level(i);
    }

    private int indexOf(Object key) {
        return key instanceof String id ? Math.max(-1, Arrays.binarySearch(ids, 0, size, id)) : -1;
    }

    private WarehouseStock level(int i) {
        return new WarehouseStock(onHand[i], reserved[i], onHand[i] - reserved[i]);
    }

    @Override
    public Set<Entry<String, WarehouseStock>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, WarehouseStock>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, WarehouseStock> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(ids[i], level(i));
                    }
                };
            }
        };
    }

    /** Collects levels in any order; {@link #build} hands them out in warehouse id order. */
    public static final class Builder {
        private String[] ids;
        private long[] onHand;
        private long[] reserved;
        private int size;

        public Builder(int expected) {
            int capacity = Math.max(expected, 4);
            ids = new String[capacity];
            onHand = new long[capacity];
            reserved = new long[capacity];
        }

        /** A later level for the same warehouse replaces the earlier one. */
        public Builder add(String id, long levelOnHand, long levelReserved) {
            if (ids == null) {
                throw new IllegalStateException("built already");
            }
            // insertion sort: tens of warehouses, usually stored in id order already
            int at = size;
            while (at > 0 && ids[at - 1].compareTo(id) > 0) {
                at--;
            }
            if (at > 0 && ids[at - 1].equals(id)) {
                onHand[at - 1] = levelOnHand;
                reserved[at - 1] = levelReserved;
                return this;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                onHand = Arrays.copyOf(onHand, size * 2);
                reserved = Arrays.copyOf(reserved, size * 2);
            }
            System.arraycopy(ids, at, ids, at + 1, size - at);
            System.arraycopy(onHand, at, onHand, at + 1, size - at);
            System.arraycopy(reserved, at, reserved, at + 1, size - at);
            ids[at] = id;
            onHand[at] = levelOnHand;
            reserved[at] = levelReserved;
            size++;
            return this;
        }

        /** Once: the levels keep the builder's arrays. */
        public WarehouseLevels build() {
            WarehouseLevels levels = size == 0 ? NONE : new WarehouseLevels(ids, onHand, reserved, size);
            ids = null;
            return levels;
        }
    }
}
