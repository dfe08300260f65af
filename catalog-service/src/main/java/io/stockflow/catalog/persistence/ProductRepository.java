package io.stockflow.catalog.persistence;

import io.stockflow.catalog.domain.Product;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Product details in the catalog database (schema from migrations/db/catalog). */
@ApplicationScoped
public class ProductRepository {

    private static final String COLUMNS = "product_id, name, description, price, currency, category, updated_at";

    private final DataSource dataSource;

    ProductRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Product> findById(String productId) {
        return Optional.ofNullable(findByIds(List.of(productId)).get(productId));
    }

    public Map<String, Product> findByIds(Collection<String> productIds) {
        Map<String, Product> found = new LinkedHashMap<>();
        if (productIds.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM product WHERE product_id = ANY(?)")) {
            Array ids = c.createArrayOf("varchar", productIds.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Product product = map(rs);
                    found.put(product.productId(), product);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** Keyset page in product id order, after {@code afterId} (exclusive), optionally of one category. */
    public List<Product> page(String afterId, String category, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM product WHERE product_id > ?"
                + (category == null ? "" : " AND category = ?") + " ORDER BY product_id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, afterId == null ? "" : afterId);
            if (category != null) {
                ps.setString(i++, category);
            }
            ps.setInt(i, limit);
            List<Product> products = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    products.add(map(rs));
                }
            }
            return products;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** Product ids in order after {@code afterId}: cache warming walks them in chunks. */
    public List<String> idsAfter(String afterId, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT product_id FROM product WHERE product_id > ? ORDER BY product_id LIMIT ?")) {
            ps.setString(1, afterId == null ? "" : afterId);
            ps.setInt(2, limit);
            List<String> ids = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** How many products there are: the total the warm-up reports its progress against. */
    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM product");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** Inserts in one batch; per product, whether it was created (false: the id exists already). */
    public boolean[] insertAll(List<Product> products) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO product (product_id, name, description, price, currency, category)"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO NOTHING")) {
            for (Product p : products) {
                ps.setString(1, p.productId());
                ps.setString(2, p.name());
                ps.setString(3, p.description());
                ps.setBigDecimal(4, p.price());
                ps.setString(5, p.currency());
                ps.setString(6, p.category());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] created = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                created[i] = counts[i] == 1;
            }
            return created;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    public Optional<Product> update(Product p) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE product SET name = ?, description = ?, price = ?, currency = ?, category = ?,"
                                + " updated_at = now() WHERE product_id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, p.name());
            ps.setString(2, p.description());
            ps.setBigDecimal(3, p.price());
            ps.setString(4, p.currency());
            ps.setString(5, p.category());
            ps.setString(6, p.productId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    public boolean delete(String productId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM product WHERE product_id = ?")) {
            ps.setString(1, productId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /**
     * Generates products {@code SKU-000001..} in one statement, the values picked server-side from the
     * given word lists; existing ids are skipped. Returns how many were created.
     */
    public int insertGenerated(int count, List<String> adjectives, List<String> nouns, List<String> categories) {
        String sql = """
                INSERT INTO product (product_id, name, description, price, currency, category)
                SELECT 'SKU-' || lpad(g::text, 6, '0'),
                       a[1 + g % cardinality(a)] || ' ' || n[1 + (g / cardinality(a)) % cardinality(n)],
                       'Demo product ' || g || ' from the ' || lower(k[1 + g % cardinality(k)]) || ' range',
                       round((4.99 + (g * 7919 % 49500) / 100.0)::numeric, 2),
                       'USD',
                       k[1 + g % cardinality(k)]
                FROM generate_series(1, ?) AS g,
                     (SELECT ?::text[] AS a, ?::text[] AS n, ?::text[] AS k) AS words
                ON CONFLICT (product_id) DO NOTHING
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, count);
            ps.setArray(2, c.createArrayOf("text", adjectives.toArray()));
            ps.setArray(3, c.createArrayOf("text", nouns.toArray()));
            ps.setArray(4, c.createArrayOf("text", categories.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    private static Product map(ResultSet rs) throws SQLException {
        Timestamp updatedAt = rs.getTimestamp("updated_at");
        return new Product(
                rs.getString("product_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getBigDecimal("price"),
                rs.getString("currency").trim(),
                rs.getString("category"),
                updatedAt == null ? null : updatedAt.toInstant());
    }

    /** A database failure; never a client mistake. */
    public static class PersistenceException extends RuntimeException {
        public PersistenceException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
