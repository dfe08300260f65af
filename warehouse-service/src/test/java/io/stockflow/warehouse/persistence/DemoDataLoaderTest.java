package io.stockflow.warehouse.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** On a schema of its own, so the load always starts from empty tables (the test database keeps its data). */
class DemoDataLoaderTest {

    private static final String URL = System.getenv().getOrDefault("WAREHOUSE_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_test");
    private static final String SCHEMA = "demo_data_loader_test";

    private Connection c;
    private PGSimpleDataSource dataSource;

    @BeforeEach
    void emptySchema() throws SQLException {
        PostgresDatabase.createIfMissing(URL);
        c = DriverManager.getConnection(URL, "postgres", "");
        dropSchema();
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).locations("classpath:db/warehouse").load()
                .migrate();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(URL);
        dataSource.setUser("postgres");
        dataSource.setCurrentSchema(SCHEMA);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void shouldAnalyseTheTablesItLoadedSoTheFirstQueriesAreNotPlannedBlind() {
        DemoDataLoader.Loaded loaded = new DemoDataLoader(dataSource).load(3, 40, 10, 7);

        assertThat(loaded.alreadyPresent()).isFalse();
        assertThat(loaded.levels()).isEqualTo(120);
        assertThat(Db.strings(dataSource, "SELECT relname || ':' || analyze_count FROM pg_stat_user_tables"
                + " WHERE schemaname = ? AND relname IN ('stock_level', 'stock_movement', 'outbox') ORDER BY relname", SCHEMA))
                .containsExactly("outbox:1", "stock_level:1", "stock_movement:1");
        assertThat(Db.count(dataSource, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'stock_level'::regclass"))
                .as("the planner's estimate of the rows").isEqualTo(120);
    }

    @Test
    void shouldChangeNothingWhenTheDemoDataIsAlreadyThere() {
        DemoDataLoader loader = new DemoDataLoader(dataSource);
        loader.load(3, 40, 10, 7);

        DemoDataLoader.Loaded again = loader.load(3, 40, 10, 7);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(Db.count(dataSource, "SELECT count(*) FROM stock_movement")).isEqualTo(120);
        assertThat(Db.count(dataSource, "SELECT sum(analyze_count) FROM pg_stat_user_tables WHERE schemaname = ?", SCHEMA))
                .as("a second call analyses nothing either").isEqualTo(3);
    }
}
