package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.Reservation.Allocation;
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

@ApplicationScoped
public class ReservationRepository {

    private final DataSource dataSource;

    public ReservationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when the id is already taken. */
    public boolean insert(Reservation reservation, String actor) {
        String header = "INSERT INTO reservation (reservation_id, status, reference, actor, expires_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        String lines = "INSERT INTO reservation_allocation (reservation_id, product_id, warehouse_id, quantity) "
                + "SELECT ?, p, w, q FROM unnest(?::text[], ?::text[], ?::int8[]) AS a(p, w, q)";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(header)) {
                ps.setObject(1, reservation.id());
                ps.setString(2, reservation.status().wireName());
                ps.setString(3, reservation.reference());
                ps.setString(4, actor);
                ps.setTimestamp(5, Timestamp.from(reservation.expiresAt()));
                ps.setTimestamp(6, Timestamp.from(reservation.createdAt()));
                ps.setTimestamp(7, Timestamp.from(reservation.updatedAt()));
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(lines)) {
                List<Allocation> allocations = reservation.allocations();
                ps.setObject(1, reservation.id());
                ps.setArray(2, c.createArrayOf("text", allocations.stream().map(Allocation::productId).toArray()));
                ps.setArray(3, c.createArrayOf("text", allocations.stream().map(Allocation::warehouseId).toArray()));
                ps.setArray(4, c.createArrayOf("int8", allocations.stream().map(Allocation::quantity).toArray()));
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public Optional<Reservation> find(UUID id, boolean forUpdate) {
        String sql = "SELECT reservation_id, status, reference, expires_at, extensions, created_at, updated_at FROM reservation "
                + "WHERE reservation_id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Reservation(id, Reservation.Status.fromWireName(rs.getString("status")),
                        rs.getString("reference"), rs.getTimestamp("expires_at").toInstant(), rs.getInt("extensions"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                        allocations(c, id)));
            }
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /** Active reservations past their expiry, locked; rows another replica is expiring are skipped. */
    public List<UUID> lockExpired(int limit) {
        String sql = "SELECT reservation_id FROM reservation WHERE status = 'active' AND expires_at <= now() "
                + "ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /** Stores what can change: status, expiry (a lease extended) and the time of the change. */
    public void update(Reservation reservation) {
        String sql = "UPDATE reservation SET status = ?, expires_at = ?, extensions = ?, updated_at = ? "
                + "WHERE reservation_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reservation.status().wireName());
            ps.setTimestamp(2, Timestamp.from(reservation.expiresAt()));
            ps.setInt(3, reservation.extensions());
            ps.setTimestamp(4, Timestamp.from(reservation.updatedAt()));
            ps.setObject(5, reservation.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private static List<Allocation> allocations(Connection c, UUID id) throws SQLException {
        String sql = "SELECT product_id, warehouse_id, quantity FROM reservation_allocation WHERE reservation_id = ? "
                + "ORDER BY product_id, warehouse_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            List<Allocation> allocations = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    allocations.add(new Allocation(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return allocations;
        }
    }
}
