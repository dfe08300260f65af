package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Makes sure a test database exists on the real local PostgreSQL before Quarkus starts; init arg
 * {@code url} names it (default: the warehouse test database). Tests never clean it: each one
 * works on its own fresh ids, so several runs may share it.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {

    private String url = System.getenv().getOrDefault("WAREHOUSE_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_test");

    @Override
    public void init(Map<String, String> initArgs) {
        url = initArgs.getOrDefault("url", url);
    }

    @Override
    public Map<String, String> start() {
        createIfMissing(url);
        return Map.of();
    }

    @Override
    public void stop() {
    }

    public static void createIfMissing(String jdbcUrl) {
        int slash = jdbcUrl.lastIndexOf('/');
        String name = jdbcUrl.substring(slash + 1).split("\\?")[0];
        String admin = jdbcUrl.substring(0, slash + 1) + "postgres";
        String user = System.getenv().getOrDefault("DB_USER", "postgres");
        String password = System.getenv().getOrDefault("DB_PASSWORD", "");
        try (var connection = DriverManager.getConnection(admin, user, password);
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
                } catch (SQLException raced) {
                    if (!"42P04".equals(raced.getSQLState())) { // duplicate_database: another JVM won
                        throw raced;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + admin + " is not reachable: " + e.getMessage(), e);
        }
    }
}
