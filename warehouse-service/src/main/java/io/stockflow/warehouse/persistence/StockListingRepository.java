package io.stockflow.warehouse.persistence;

import io.stockflow.warehouse.domain.Availability;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.StockLevel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Listings for people and clients that browse: levels page by page, products by id prefix, active holds. */
@ApplicationScoped
public class StockListingRepository {

    /** Above every character an id may hold (ASCII, shared-events' Ids), so a prefix range has an end. */
    private static final char PAST_ID_CHARACTERS = '\u007f';

    private final StockLevelRepository levels;

    public StockListingRepository(StockLevelRepository levels) {
        this.levels = levels;
    }

    /**
     * Levels after {@code after} in key order (the primary key's), optionally of one warehouse and only
     * those whose available is below their threshold (their own, else {@code defaultThreshold}).
     */
    public List<StockLevel> levels(LevelKey after, Optional<String> warehouseId, boolean lowStockOnly,
            long defaultThreshold, int limit) {
        String sql = "SELECT " + StockLevelRepository.COLUMNS + " FROM stock_level "
                + "WHERE version > 0 AND (product_id, warehouse_id) > (?, ?) "
                + (warehouseId.isPresent() ? "AND warehouse_id = ? " : "")
                + (lowStockOnly ? "AND greatest(0, on_hand - reserved - safety_stock) < coalesce(low_stock_threshold, ?) " : "")
                + "ORDER BY product_id, warehouse_id LIMIT ?";
        return query(sql, ps -> {
            int i = 1;
            ps.setString(i++, after.productId());
            ps.setString(i++, after.warehouseId());
            if (warehouseId.isPresent()) {
                ps.setString(i++, warehouseId.get());
            }
            if (lowStockOnly) {
                ps.setLong(i++, defaultThreshold);
            }
            ps.setInt(i, limit);
        }, levels::map);
    }

    /** Product ids that start with {@code prefix}, in order: a range scan of the primary key. */
    public List<String> productIds(String prefix, int limit) {
        String sql = "SELECT DISTINCT product_id FROM stock_level WHERE product_id >= ? AND product_id < ? "
                + "AND version > 0 ORDER BY product_id LIMIT ?";
        return query(sql, ps -> {
            ps.setString(1, prefix);
            ps.setString(2, prefix + PAST_ID_CHARACTERS);
            ps.setInt(3, limit);
        }, rs -> rs.getString(1));
    }

    /**
     * Active reservations holding the product, soonest to expire first. Active ones are few (they
     * end within their TTL), so this starts from the partial index over them.
     */
    public List<UUID> activeReservations(String productId, int limit) {
        String sql = "SELECT r.reservation_id FROM reservation r WHERE r.status = 'active' AND EXISTS ("
                + "SELECT 1 FROM reservation_allocation a WHERE a.reservation_id = r.reservation_id AND a.product_id = ?) "
                + "ORDER BY r.expires_at, r.reservation_id LIMIT ?";
        return query(sql, ps -> {
            ps.setString(1, productId);
            ps.setInt(2, limit);
        }, rs -> rs.getObject(1, UUID.class));
    }

    /** What active reservations hold of the product (in one warehouse if given), and until when. */
    public List<Availability.Hold> activeHolds(String productId, Optional<String> warehouseId) {
        String sql = "SELECT a.warehouse_id, a.quantity, r.expires_at FROM reservation_allocation a "
                + "JOIN reservation r ON r.reservation_id = a.reservation_id "
                + "WHERE a.product_id = ? AND r.status = 'active'" + (warehouseId.isPresent() ? " AND a.warehouse_id = ?" : "");
        return query(sql, ps -> {
            ps.setString(1, productId);
            if (warehouseId.isPresent()) {
                ps.setString(2, warehouseId.get());
            }
        }, rs -> new Availability.Hold(new LevelKey(productId, rs.getString(1)), rs.getLong(2),
                rs.getTimestamp(3).toInstant()));
    }

    private <T> List<T> query(String sql, StockLevelRepository.Binder binder, StockLevelRepository.RowMapper<T> mapper) {
        return levels.list(sql, binder, mapper);
    }

}
