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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long movements(DataSource dataSource, String productId) {
        return count(dataSource, "SELECT count(*) FROM stock_movement WHERE product_id = ?", productId);
    }
}
