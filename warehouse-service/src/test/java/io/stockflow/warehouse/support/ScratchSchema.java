package io.stockflow.warehouse.support;

import io.stockflow.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of the test database for one test, empty at the start, migrated by the warehouse's Flyway
 * scripts as far as the test asks, and dropped on close: the test database keeps every other test's data.
 */
public final class ScratchSchema implements AutoCloseable {

    private static final String URL = System.getenv().getOrDefault("WAREHOUSE_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_test");
    private static final String USER = System.getenv().getOrDefault("DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("DB_PASSWORD", "");

    private final String name;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    public ScratchSchema(String name) throws SQLException {
        this.name = name;
        PostgresDatabase.createIfMissing(URL);
        drop();
        dataSource.setURL(URL);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        dataSource.setCurrentSchema(name); // every connection's search_path
    }

    /** Migrates the schema to {@code target} ("latest" for all). */
    public ScratchSchema migrateTo(String target) {
        Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(name).locations("classpath:db/warehouse")
                .target(target).load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String name() {
        return name;
    }

    /** Runs SQL (statements separated by semicolons) in the schema. */
    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row a query returns, as a number. */
    public long single(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        drop();
    }

    private void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
