package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.domain.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

@ApplicationScoped
public class WarehouseRepository {

    private final DataSource dataSource;

    public WarehouseRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empty when the id is taken. */
    public Optional<Warehouse> insert(String warehouseId, String name) {
        String sql = "INSERT INTO warehouse (warehouse_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING "
                + "RETURNING warehouse_id, name, created_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, warehouseId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public List<Warehouse> findAll() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT warehouse_id, name, created_at FROM warehouse ORDER BY warehouse_id");
                ResultSet rs = ps.executeQuery()) {
            List<Warehouse> all = new ArrayList<>();
            while (rs.next()) {
                all.add(map(rs));
            }
            return all;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /** Which of the given ids exist. */
    public Set<String> existing(Collection<String> warehouseIds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT warehouse_id FROM warehouse WHERE warehouse_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", warehouseIds.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private static Warehouse map(ResultSet rs) throws SQLException {
        return new Warehouse(rs.getString("warehouse_id"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
