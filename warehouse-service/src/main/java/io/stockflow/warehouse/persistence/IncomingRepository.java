package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.LevelKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Incoming lines in PostgreSQL; written in the transaction of the level change they cause. */
@ApplicationScoped
public class IncomingRepository {

    private static final String COLUMNS = "incoming_id, product_id, warehouse_id, quantity, received, expected_at, "
            + "reference, status, created_at, updated_at";

    private final DataSource dataSource;

    public IncomingRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when the id is already taken. */
    public boolean insert(IncomingLine line, String actor) {
        String sql = "INSERT INTO incoming_line (" + COLUMNS + ", actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, line.id());
            ps.setString(2, line.key().productId());
            ps.setString(3, line.key().warehouseId());
            ps.setLong(4, line.quantity());
            ps.setLong(5, line.received());
            ps.setTimestamp(6, Timestamp.from(line.expectedAt()));
            ps.setString(7, line.reference());
            ps.setString(8, line.status().wireName());
            ps.setTimestamp(9, Timestamp.from(line.createdAt()));
            ps.setTimestamp(10, Timestamp.from(line.updatedAt()));
            ps.setString(11, actor);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public void update(IncomingLine line) {
        String sql = "UPDATE incoming_line SET received = ?, status = ?, updated_at = ? WHERE incoming_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, line.received());
            ps.setString(2, line.status().wireName());
            ps.setTimestamp(3, Timestamp.from(line.updatedAt()));
            ps.setObject(4, line.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /** The line; {@code forUpdate} locks it (after its level, which every change locks first). */
    public Optional<IncomingLine> find(UUID id, boolean forUpdate) {
        List<IncomingLine> found = query("SELECT " + COLUMNS + " FROM incoming_line WHERE incoming_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), ps -> ps.setObject(1, id));
        return found.stream().findFirst();
    }

    /** The level's open lines, soonest first; read under the level's lock, so they are the current ones. */
    public List<IncomingLine> openLines(LevelKey key) {
        return query("SELECT " + COLUMNS + " FROM incoming_line WHERE product_id = ? AND warehouse_id = ? "
                + "AND status = 'open' ORDER BY expected_at, incoming_id", ps -> {
                    ps.setString(1, key.productId());
                    ps.setString(2, key.warehouseId());
                });
    }

    /** A product's open lines (in one warehouse if given), soonest first. */
    public List<IncomingLine> openLines(String productId, Optional<String> warehouseId) {
        return query("SELECT " + COLUMNS + " FROM incoming_line WHERE product_id = ? AND status = 'open' "
                + (warehouseId.isPresent() ? "AND warehouse_id = ? " : "") + "ORDER BY expected_at, incoming_id", ps -> {
                    ps.setString(1, productId);
                    if (warehouseId.isPresent()) {
                        ps.setString(2, warehouseId.get());
                    }
                });
    }

    private List<IncomingLine> query(String sql, StockLevelRepository.Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<IncomingLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new IncomingLine(rs.getObject(1, UUID.class), new LevelKey(rs.getString(2), rs.getString(3)),
                            rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getString(7),
                            IncomingLine.Status.fromWireName(rs.getString(8)), rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant()));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }
}
