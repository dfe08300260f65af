package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.StockLevel;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Stock levels in PostgreSQL. Locks are always taken in {@link LevelKey} order, so writers never deadlock. */
@ApplicationScoped
public class StockLevelRepository {

    /** The columns {@link #map} reads, by position: keep the two in step. */
    static final String COLUMNS = "product_id, warehouse_id, on_hand, reserved, version, low_stock_threshold, "
            + "low_stock, updated_at, safety_stock, incoming, next_incoming_at";
    /** The column changedAfter adds after {@link #COLUMNS}. */
    private static final int XID_COLUMN = 12;

    private final DataSource dataSource;
    private final long defaultThreshold;

    public StockLevelRepository(DataSource dataSource, WarehouseConfig config) {
        this.dataSource = dataSource;
        this.defaultThreshold = config.defaultLowStockThreshold();
    }

    /**
     * Creates absent levels as placeholders (version 0: invisible to reads, and rolled back with the
     * transaction unless a change brings them to version 1) and locks them, so that concurrent
     * creators of one level queue on the same row. The warehouses must exist.
     */
    public Map<LevelKey, StockLevel> createAndLock(Collection<LevelKey> keys) {
        List<LevelKey> sorted = List.copyOf(new TreeSet<>(keys));
        insertPlaceholders(sorted);
        return lock(sorted);
    }

    /** Removes placeholders a partly refused batch created but never changed. */
    public void deleteUnusedPlaceholders(Collection<LevelKey> keys) {
        updateKeys("DELETE FROM stock_level WHERE version = 0 "
                + "AND (product_id, warehouse_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))", keys);
    }

    /**
     * The level lock of every write path: row locks in key order, held to commit, so a level's writers
     * queue and its versions, ledger sequences and feed positions follow commit order. Writers of other
     * levels of the same product do not wait (a lock per product made 100-line batches queue behind
     * each other: two random batches share a product more often than not). Parameters: the keys'
     * products and warehouses. Public so tests can hold the very lock the write paths take.
     */
    public static final String LOCK_LEVELS = "SELECT " + COLUMNS + " FROM stock_level "
            + "WHERE (product_id, warehouse_id) IN (SELECT * FROM unnest(?::text[], ?::text[])) "
            + "ORDER BY product_id, warehouse_id FOR UPDATE";

    /**
     * {@link #LOCK_LEVELS} for one level, with plain parameters (the product and the warehouse): the
     * same row lock, but a statement whose generic plan the server caches, where the array form is
     * planned again at every execution (see ChangeSetWriter).
     */
    public static final String LOCK_LEVEL = "SELECT " + COLUMNS + " FROM stock_level "
            + "WHERE product_id = ? AND warehouse_id = ? FOR UPDATE";

    /** Locks existing levels only; absent keys are simply not in the result. */
    public Map<LevelKey, StockLevel> lock(Collection<LevelKey> keys) {
        TreeSet<LevelKey> sorted = new TreeSet<>(keys);
        if (sorted.size() == 1) {
            LevelKey key = sorted.first();
            return query(LOCK_LEVEL, ps -> {
                ps.setString(1, key.productId());
                ps.setString(2, key.warehouseId());
            });
        }
        return query(LOCK_LEVELS, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("text", sorted.stream().map(LevelKey::productId).toArray()));
            ps.setArray(2, c.createArrayOf("text", sorted.stream().map(LevelKey::warehouseId).toArray()));
        });
    }

    /** Locks every level of the given products (for allocation across warehouses). */
    public Map<LevelKey, StockLevel> lockProducts(Collection<String> productIds) {
        String sql = "SELECT " + COLUMNS + " FROM stock_level WHERE product_id = ANY(?) AND version > 0 "
                + "ORDER BY product_id, warehouse_id FOR UPDATE";
        return query(sql, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", productIds.toArray())));
    }

    public List<StockLevel> findByProduct(String productId) {
        String sql = "SELECT " + COLUMNS + " FROM stock_level WHERE product_id = ? AND version > 0 "
                + "ORDER BY warehouse_id";
        return list(sql, ps -> ps.setString(1, productId));
    }

    /**
     * One round trip for many products, optionally in one warehouse, in no particular order: the
     * caller groups by product anyway, and sorting a product's few levels is cheaper there than
     * sorting every row here.
     */
    public List<StockLevel> findByProducts(Collection<String> productIds, Optional<String> warehouseId) {
        return list("SELECT " + COLUMNS + " FROM stock_level" + byProducts(warehouseId),
                bindProducts(productIds, warehouseId));
    }

    /**
     * A product's stock summed over its levels (in one warehouse when the read asked for one);
     * {@code available} sums each level's, which safety stock floors at 0 per level.
     */
    public record ProductTotals(String productId, long onHand, long reserved, long available) {
    }

    /**
     * The totals of up to a few hundred products, summed by PostgreSQL: one row per product instead
     * of one per level, for bulk reads that do not list the warehouses. Products without levels are
     * absent.
     */
    public List<ProductTotals> totalsByProducts(Collection<String> productIds, Optional<String> warehouseId) {
        return list("SELECT product_id, sum(on_hand)::int8, sum(reserved)::int8, "
                + "sum(greatest(0, on_hand - reserved - safety_stock))::int8 FROM stock_level"
                + byProducts(warehouseId) + " GROUP BY product_id", bindProducts(productIds, warehouseId),
                rs -> new ProductTotals(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    /** The condition of the bulk reads; {@link #bindProducts} binds it. */
    private static String byProducts(Optional<String> warehouseId) {
        return " WHERE product_id = ANY(?) AND version > 0" + (warehouseId.isPresent() ? " AND warehouse_id = ?" : "");
    }

    private static Binder bindProducts(Collection<String> productIds, Optional<String> warehouseId) {
        return ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", productIds.toArray()));
            if (warehouseId.isPresent()) {
                ps.setString(2, warehouseId.get());
            }
        };
    }

    /** Where a reader of changes stands: after this transaction's change of this level. */
    public record ChangePosition(long xid, String productId, String warehouseId) {
        public static final ChangePosition START = new ChangePosition(0, "", "");
    }

    /** Levels changed after a position; {@code horizon} is where a reader that saw them all stands. */
    public record ChangePage(List<StockLevel> levels, List<ChangePosition> positions, ChangePosition horizon) {
    }

    /**
     * A level's place in the changes: its latest ledger entry (the one that brought it to its version),
     * at the transaction that wrote it. The ledger's index over (change_xid, product_id, warehouse_id)
     * serves the pages, so stock_level has no index on a column every change moves and its updates
     * stay HOT (V12). Older entries of a level that changed again are passed over.
     */
    private static final String CHANGED_AFTER = "SELECT " + prefixed("l.") + ", m.change_xid::text::int8 AS xid "
            + "FROM stock_movement m JOIN stock_level l ON l.product_id = m.product_id "
            + "AND l.warehouse_id = m.warehouse_id AND l.version = m.version_after "
            + "WHERE m.change_xid < ?::text::xid8 AND (m.change_xid, m.product_id, m.warehouse_id) > (?::text::xid8, ?, ?) "
            + "AND (?::text IS NULL OR m.warehouse_id = ?) "
            + "ORDER BY m.change_xid, m.product_id, m.warehouse_id LIMIT ?";

    /**
     * The first page of a reader with no cursor: from the levels themselves, a scan of stock_level
     * (its change columns are not indexed), in the same order and positions as {@link #CHANGED_AFTER}.
     */
    private static final String CHANGED_SINCE = "SELECT " + COLUMNS + ", change_xid::text::int8 AS xid FROM stock_level "
            + "WHERE version > 0 AND change_xid < ?::text::xid8 "
            + "AND (change_xid, product_id, warehouse_id) > (?::text::xid8, ?, ?) "
            + "AND (?::text IS NULL OR warehouse_id = ?) "
            + "AND (?::timestamptz IS NULL OR updated_at > ?::timestamptz) "
            + "ORDER BY change_xid, product_id, warehouse_id LIMIT ?";

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    /**
     * Levels changed after {@code after}, in (transaction, product, warehouse) order. Only changes of
     * transactions older than the oldest one still running are served: every later commit gets a
     * newer transaction id, so paging by it never skips a change that committed late. {@code since}
     * filters a reader's first page ({@code after} at the start) by the levels' update time.
     */
    public ChangePage changedAfter(ChangePosition after, Instant since, Optional<String> warehouseId, int limit) {
        boolean first = after.equals(ChangePosition.START);
        String sql = first ? CHANGED_SINCE : CHANGED_AFTER;
        try (Connection c = dataSource.getConnection()) {
            long horizon;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                horizon = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp sinceTs = since == null ? null : Timestamp.from(since);
                ps.setString(1, Long.toString(horizon));
                ps.setString(2, Long.toString(after.xid()));
                ps.setString(3, after.productId());
                ps.setString(4, after.warehouseId());
                ps.setString(5, warehouseId.orElse(null));
                ps.setString(6, warehouseId.orElse(null));
                int i = 6;
                if (first) {
                    ps.setTimestamp(++i, sinceTs);
                    ps.setTimestamp(++i, sinceTs);
                }
                ps.setInt(++i, limit);
                List<StockLevel> levels = new ArrayList<>();
                List<ChangePosition> positions = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StockLevel level = map(rs);
                        levels.add(level);
                        positions.add(new ChangePosition(rs.getLong(XID_COLUMN), level.key().productId(),
                                level.key().warehouseId()));
                    }
                }
                return new ChangePage(levels, positions, new ChangePosition(horizon, "", ""));
            }
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private void insertPlaceholders(List<LevelKey> keys) {
        updateKeys("INSERT INTO stock_level (product_id, warehouse_id, on_hand, reserved, version) "
                + "SELECT p, w, 0, 0, 0 FROM unnest(?::text[], ?::text[]) AS k(p, w) ON CONFLICT DO NOTHING", keys);
    }

    /** Runs a statement whose two parameters are the keys' product and warehouse ids, as arrays. */
    private void updateKeys(String sql, Collection<LevelKey> keys) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", keys.stream().map(LevelKey::productId).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(LevelKey::warehouseId).toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private Map<LevelKey, StockLevel> query(String sql, Binder binder) {
        Map<LevelKey, StockLevel> levels = new LinkedHashMap<>();
        for (StockLevel level : list(sql, binder)) {
            levels.put(level.key(), level);
        }
        return levels;
    }

    private List<StockLevel> list(String sql, Binder binder) {
        return list(sql, binder, this::map);
    }

    /** Runs a query and maps each row (StockListingRepository's queries too). */
    <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /**
     * Maps a row that starts with {@link #COLUMNS}. By index, not by name (a name lookup per column
     * and row shows in bulk reads), and the timestamp as an OffsetDateTime, which the driver parses
     * without the per-value Calendar work of getTimestamp.
     */
    StockLevel map(ResultSet rs) throws SQLException {
        long threshold = rs.getLong(6);
        Long lowStockThreshold = rs.wasNull() ? null : threshold;
        OffsetDateTime nextIncomingAt = rs.getObject(11, OffsetDateTime.class);
        return StockLevel.existing(new LevelKey(rs.getString(1), rs.getString(2)),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), lowStockThreshold, defaultThreshold,
                rs.getBoolean(7), rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getLong(9), rs.getLong(10),
                nextIncomingAt == null ? null : nextIncomingAt.toInstant());
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
