package io.stockflow.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cost phase's floor writes copies of the warehouse's tables, never the tables themselves: the relay
 * would publish its rows and the catalog see its levels. Against the real local PostgreSQL, in a schema
 * of its own migrated from the warehouse's migrations and dropped afterwards.
 */
class MinimalTransactionTest {

    private static final String URL = System.getenv().getOrDefault("BENCH_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String SCHEMA = "bench_minimal_test";
    private static final Path MIGRATIONS = Path.of("..", "migrations", "src", "main", "resources", "db", "warehouse");

    private static final DemoLevels.Key LEVEL = new DemoLevels.Key("SKU-000001", "WH-01");

    private Connection c;

    @BeforeEach
    void migratedSchemaWithOneLevel() throws Exception {
        c = DriverManager.getConnection(URL, System.getenv().getOrDefault("DB_USER", "postgres"),
                System.getenv().getOrDefault("DB_PASSWORD", ""));
        c.setAutoCommit(false); // as Flyway runs them: each migration in a transaction
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path TO " + SCHEMA);
            for (Path migration : migrations()) {
                s.execute(Files.readString(migration));
                c.commit();
            }
            s.execute("INSERT INTO warehouse (warehouse_id, name) VALUES ('WH-01', 'East')");
            s.execute("INSERT INTO stock_level (product_id, warehouse_id, on_hand, reserved, version) "
                    + "VALUES ('SKU-000001', 'WH-01', 40, 5, 3)");
        }
        c.commit();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
        c.close();
    }

    @Test
    void shouldAdjustTheCopiesAndLeaveTheWarehousesTablesAlone() throws Exception {
        MinimalTransaction copies = MinimalTransaction.copies(c);

        copies.run(c, LEVEL);
        copies.run(c, LEVEL);

        assertThat(longs("SELECT on_hand, version FROM bench_minimal_level")).containsExactly(42L, 5L);
        assertThat(longs("SELECT count(*) FROM bench_minimal_movement")).containsExactly(2L);
        assertThat(longs("SELECT count(*) FROM bench_minimal_outbox WHERE position IS NULL")).containsExactly(2L);
        assertThat(longs("SELECT on_hand, version FROM stock_level")).containsExactly(40L, 3L);
        assertThat(longs("SELECT count(*) FROM stock_movement")).containsExactly(0L);
        assertThat(longs("SELECT count(*) FROM outbox")).containsExactly(0L);
    }

    @Test
    void shouldDropOnlyTheCopies() throws Exception {
        MinimalTransaction.copies(c).drop(c);
        MinimalTransaction.REAL.drop(c);

        assertThat(longs("SELECT count(*) FROM pg_tables WHERE schemaname = '" + SCHEMA + "' AND tablename IN "
                + "('stock_level', 'stock_movement', 'outbox')")).containsExactly(3L);
        assertThat(longs("SELECT count(*) FROM pg_tables WHERE schemaname = '" + SCHEMA + "' AND tablename LIKE 'bench\\_minimal\\_%'"))
                .containsExactly(0L);
    }

    @Test
    void shouldCopyTheIndexesWithTheTables() throws Exception {
        MinimalTransaction.copies(c);

        assertThat(longs("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA + "' AND tablename = 'bench_minimal_movement'"))
                .isEqualTo(longs("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA + "' AND tablename = 'stock_movement'"));
        assertThat(longs("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA + "' AND tablename = 'bench_minimal_outbox'"))
                .isEqualTo(longs("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA + "' AND tablename = 'outbox'"));
    }

    @Test
    void shouldGiveTheCopiesTheTablesStorageParameters() throws Exception {
        MinimalTransaction.copies(c);

        // stock_level leaves room on each page for its HOT updates (V12); a copy packed full would not
        assertThat(strings("SELECT array_to_string(reloptions, ',') FROM pg_class c JOIN pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = '" + SCHEMA + "' AND c.relname = 'bench_minimal_level'"))
                .containsExactly("fillfactor=90");
    }

    private List<String> strings(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return List.of(String.valueOf(rs.getString(1)));
        }
    }

    private static List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(MinimalTransactionTest::version)).toList();
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private List<Long> longs(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<Long> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getLong(i));
            }
            return values;
        }
    }
}
