package io.stockflow.warehouse.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stockflow.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Database {@code warehouse_relay_test}, held by one test JVM at a time through an advisory lock
 * (others wait), so no other run's relay takes this run's outbox rows. Nothing is ever cleaned.
 */
public class ExclusiveRelayDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String URL = System.getenv().getOrDefault("WAREHOUSE_RELAY_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_relay_test");
    private static final long RUN_LOCK = 7_305_126_500_140L;

    private Connection holder;

    @Override
    public Map<String, String> start() {
        PostgresDatabase.createIfMissing(URL);
        try {
            holder = connect();
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT pg_advisory_lock(" + RUN_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("%test.quarkus.datasource.jdbc.url", URL);
    }

    @Override
    public void stop() {
        try {
            if (holder != null) {
                holder.close();
            }
        } catch (SQLException e) {
            // the lock goes with the session anyway
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, System.getenv().getOrDefault("DB_USER", "postgres"),
                System.getenv().getOrDefault("DB_PASSWORD", ""));
    }
}
