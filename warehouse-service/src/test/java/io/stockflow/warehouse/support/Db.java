package io.stockflow.warehouse.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What tests read straight from the warehouse database: the outbox and the ledger. */
public final class Db {

    public record OutboxRow(long id, String eventId, String type, String productId, long sequence, String data) {
    }

    private Db() {
    }

    /**
     * Takes a level's lock as the write paths take it ({@code StockLevelRepository.LOCK_LEVELS}) in a
     * transaction left open: every write of that level waits until the returned connection is closed
     * (which rolls the transaction back).
     */
    public static Connection holdLevelLock(DataSource dataSource, String productId, String warehouseId)
            throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(
                    io.stockflow.warehouse.persistence.StockLevelRepository.LOCK_LEVELS)) {
                lock.setArray(1, c.createArrayOf("text", new Object[] {productId}));
                lock.setArray(2, c.createArrayOf("text", new Object[] {warehouseId}));
                lock.executeQuery().close();
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    public static List<OutboxRow> outbox(DataSource dataSource, String productId) {
        String sql = "SELECT id, event_id::text, event_type, product_id, sequence, data FROM outbox "
                + "WHERE product_id = ? ORDER BY sequence, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, productId);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = bound(c, sql, params)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row the query returns, as text, in the query's order. */
    public static List<String> strings(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection()) {
            return strings(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #strings(DataSource, String, Object...)} on a connection of the caller's (its schema, its transaction). */
    public static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bound(c, sql, params)) {
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    public static long movements(DataSource dataSource, String productId) {
        return count(dataSource, "SELECT count(*) FROM stock_movement WHERE product_id = ?", productId);
    }

    private static PreparedStatement bound(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
