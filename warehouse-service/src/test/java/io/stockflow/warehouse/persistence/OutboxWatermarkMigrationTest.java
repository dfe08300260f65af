package io.stockflow.warehouse.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockflow.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V4 starts the publish watermark from what V3's per-row published_at says; V5 indexes stamped positions
 * only, still unique. Each on a database of its own.
 */
class OutboxWatermarkMigrationTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = System.getenv().getOrDefault("DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("DB_PASSWORD", "");

    private String name;
    private String url;

    @BeforeEach
    void freshDatabaseAtV3() {
        name = "warehouse_migration_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        url = SERVER + name;
        PostgresDatabase.createIfMissing(url);
        flyway("3").migrate();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
        }
    }

    @Test
    void shouldStopTheWatermarkBelowTheFirstUnpublishedRow() throws SQLException {
        // V3 marked rows in any order: 3 waits while 4 and 5 were acknowledged; 6 is unstamped
        v3Rows("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, position, published_at)
                SELECT gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', p, now(), '{}',
                       CASE WHEN p <= 5 THEN p END, CASE WHEN p <> 3 AND p <= 5 THEN now() END
                FROM generate_series(1, 6) p;
                SELECT setval('outbox_position_seq', 5);""");

        flyway("4").migrate();

        assertThat(watermark()).containsExactly(2L, 0L);
    }

    @Test
    void shouldStartTheWatermarkAfterEveryPositionHandedOutWhenAllArePublished() throws SQLException {
        // 1 was pruned already; positions 5 and 6 went to a stamp that rolled back
        v3Rows("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, position, published_at)
                SELECT gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', p, now(), '{}', p, now()
                FROM generate_series(2, 4) p;
                SELECT setval('outbox_position_seq', 6);""");

        flyway("4").migrate();

        assertThat(watermark()).containsExactly(6L, 1L);
    }

    @Test
    void shouldStartAtZeroOnAnEmptyOutbox() throws SQLException {
        flyway("4").migrate();

        assertThat(watermark()).containsExactly(0L, 0L);
    }

    @Test
    void shouldKeepStampedPositionsUniqueAfterV5() throws SQLException {
        flyway("5").migrate();
        v3Rows("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data)
                SELECT gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', p, now(), '{}'
                FROM generate_series(1, 2) p;
                UPDATE outbox SET position = 7 WHERE sequence = 1;""");

        assertThatThrownBy(() -> v3Rows("UPDATE outbox SET position = 7 WHERE sequence = 2"))
                .isInstanceOf(SQLException.class).hasMessageContaining("outbox_position_idx");
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, USER, PASSWORD).locations("classpath:db/warehouse").target(target)
                .load();
    }

    private void v3Rows(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Long[] watermark() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT published_through, pruned_through FROM outbox_watermark")) {
            assertThat(rs.next()).isTrue();
            Long[] values = {rs.getLong(1), rs.getLong(2)};
            assertThat(rs.next()).as("a single row").isFalse();
            return values;
        }
    }
}
