package io.stockflow.warehouse.support;

import io.stockflow.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of the test database for each test, empty at the start, migrated by the warehouse's Flyway
 * scripts as far as the test asks, and dropped after it: the test database keeps every other test's data.
 * A field of the test class, registered as its extension:
 * {@code @RegisterExtension final ScratchSchema schema = ScratchSchema.migratedTo("my_test", "latest");}
 * (the schema exists before the class's own {@code @BeforeEach} methods run and goes after its {@code @AfterEach}).
 */
public final class ScratchSchema implements BeforeEachCallback, AfterEachCallback {

    private static final String URL = System.getenv().getOrDefault("WAREHOUSE_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_test");
    private static final String USER = System.getenv().getOrDefault("DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("DB_PASSWORD", "");

    private final String name;
    private final String target;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private ScratchSchema(String name, String target) {
        this.name = name;
        this.target = target;
        dataSource.setURL(URL);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        dataSource.setCurrentSchema(name); // every connection's search_path
    }

    /** A schema {@code name}, migrated to {@code target} ("latest" for all) before each test. */
    public static ScratchSchema migratedTo(String name, String target) {
        return new ScratchSchema(name, target);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        PostgresDatabase.createIfMissing(URL);
        drop(); // what a test killed before its end left
        migrateTo(target);
    }

    /** Migrates the schema further, to {@code target} ("latest" for all). */
    public void migrateTo(String target) {
        Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(name).locations("classpath:db/warehouse")
                .target(target).load().migrate();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        drop();
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

    private void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
