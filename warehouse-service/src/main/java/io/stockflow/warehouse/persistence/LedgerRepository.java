package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.domain.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads of the movement ledger, and the replay check that proves every level is its ledger's sum. */
@ApplicationScoped
public class LedgerRepository {

    /** A level whose stored state differs from what replaying its movements gives. */
    public record Mismatch(String productId, String warehouseId, long onHand, long reserved, long version,
            long replayedOnHand, long replayedReserved, long movements, long lastVersionAfter) {
    }

    private final DataSource dataSource;

    public LedgerRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Newest first; {@code beforeSequence} null starts at the newest; {@code warehouseId} null: all. */
    public List<LedgerEntry> page(String productId, String warehouseId, Long beforeSequence, int limit) {
        String sql = "SELECT sequence, type, warehouse_id, delta_on_hand, delta_reserved, on_hand_after, reserved_after, "
                + "version_after, reason, reference, reservation_id, actor, on_behalf_of, occurred_at, delta_incoming, "
                + "incoming_id FROM stock_movement "
                + "WHERE product_id = ? AND sequence < ? " + (warehouseId != null ? "AND warehouse_id = ? " : "")
                + "ORDER BY sequence DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, productId);
            ps.setLong(2, beforeSequence == null ? Long.MAX_VALUE : beforeSequence);
            if (warehouseId != null) {
                ps.setString(3, warehouseId);
            }
            ps.setInt(warehouseId != null ? 4 : 3, limit);
            List<LedgerEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new LedgerEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9),
                            rs.getString(10), rs.getObject(11, UUID.class), rs.getString(12), rs.getString(13),
                            rs.getTimestamp(14).toInstant(), rs.getLong(15), rs.getObject(16, UUID.class)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /**
     * Replays the ledger: each level (onHand, reserved and incoming) must equal the sum of its movements, have exactly one movement
     * per version, and end at the version of its last movement. {@code productId} null checks all.
     */
    public List<Mismatch> verify(String productId, int limit) {
        String sql = """
                WITH replay AS (
                    SELECT product_id, warehouse_id, sum(delta_on_hand) AS on_hand, sum(delta_reserved) AS reserved,
                           count(*) AS movements, max(version_after) AS last_version,
                           sum(delta_incoming) AS incoming
                      FROM stock_movement WHERE (?::text IS NULL OR product_id = ?)
                     GROUP BY product_id, warehouse_id
                )
                SELECT coalesce(l.product_id, r.product_id), coalesce(l.warehouse_id, r.warehouse_id),
                       coalesce(l.on_hand, 0), coalesce(l.reserved, 0), coalesce(l.version, 0),
                       coalesce(r.on_hand, 0), coalesce(r.reserved, 0), coalesce(r.movements, 0), coalesce(r.last_version, 0)
                  FROM (SELECT * FROM stock_level WHERE version > 0 AND (?::text IS NULL OR product_id = ?)) l
                  FULL JOIN replay r ON r.product_id = l.product_id AND r.warehouse_id = l.warehouse_id
                 WHERE l.product_id IS NULL OR r.product_id IS NULL
                    OR l.on_hand <> r.on_hand OR l.reserved <> r.reserved OR l.incoming <> r.incoming
                    OR l.version <> r.movements OR l.version <> r.last_version
                 LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, productId);
            ps.setString(2, productId);
            ps.setString(3, productId);
            ps.setString(4, productId);
            ps.setInt(5, limit);
            List<Mismatch> mismatches = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mismatches.add(new Mismatch(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                }
            }
            return mismatches;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public long countLevels(String productId) {
        String sql = "SELECT count(*) FROM stock_level WHERE version > 0 AND (?::text IS NULL OR product_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, productId);
            ps.setString(2, productId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }
}
