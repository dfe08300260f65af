package io.stockflow.warehouse.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stockflow.testsupport.PostgresDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Database {@code warehouse_relay_test_<schema fingerprint>}, held by one test JVM at a time through
 * an advisory lock (others wait), so no other run's relay takes this run's outbox rows. Nothing is
 * ever cleaned: a changed migration gets a fresh database instead of a checksum mismatch.
 */
public class ExclusiveRelayDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String URL = System.getenv().getOrDefault("WAREHOUSE_RELAY_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/warehouse_relay_test_" + schemaFingerprint());
    private static final String MIGRATIONS = "db/warehouse";
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

    /** A short hash of the warehouse migrations on the classpath (a directory or the migrations jar). */
    static String schemaFingerprint() {
        try {
            URI migrations = ExclusiveRelayDatabase.class.getClassLoader().getResource(MIGRATIONS).toURI();
            if ("jar".equals(migrations.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(migrations, Map.of())) {
                    return fingerprint(jar.getPath(MIGRATIONS));
                }
            }
            return fingerprint(Path.of(migrations));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the migrations in " + MIGRATIONS, e);
        }
    }

    private static String fingerprint(Path directory) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, System.getenv().getOrDefault("DB_USER", "postgres"),
                System.getenv().getOrDefault("DB_PASSWORD", ""));
    }
}
