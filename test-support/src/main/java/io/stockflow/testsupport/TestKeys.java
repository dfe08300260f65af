package io.stockflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The API keys of every test: one per role, a second write key, and the seed's API_KEYS /
 * ADMIN_API_KEYS forms. As a test resource it configures these keys (authentication is on by
 * default); the secrets are for tests only. {@link DefaultApiKey} sends {@link #ADMIN} on every
 * request that names no key.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    public static final String HEADER = "X-API-Key";

    public static final String ADMIN = "test-admin-secret";
    public static final String WRITE = "test-writer-secret";
    public static final String OTHER_WRITE = "test-writer-2-secret";
    public static final String READ = "test-reader-secret";
    public static final String SERVICE = "test-service-secret";
    public static final String INGEST = "test-ingest-secret";
    /** In API_KEYS (role write, principal api-key-1). */
    public static final String LEGACY_WRITE = "test-legacy-secret";
    /** In ADMIN_API_KEYS (role admin, principal admin-key-1). */
    public static final String LEGACY_ADMIN = "test-legacy-admin-secret";
    /** Sent as the key, makes {@link DefaultApiKey} send no key at all. */
    public static final String NO_KEY = "<no key>";

    /** Principals, as the services name them. */
    public static final String ADMIN_PRINCIPAL = "test-admin";
    public static final String WRITE_PRINCIPAL = "test-writer";
    public static final String OTHER_WRITE_PRINCIPAL = "test-writer-2";
    public static final String SERVICE_PRINCIPAL = "test-service";

    /** STOCKFLOW_KEYS for the keys above. */
    public static final String STOCKFLOW_KEYS = String.join(",",
            ADMIN_PRINCIPAL + ":admin:" + ADMIN,
            WRITE_PRINCIPAL + ":write:" + WRITE,
            OTHER_WRITE_PRINCIPAL + ":write:" + OTHER_WRITE,
            "test-reader:read:" + READ,
            SERVICE_PRINCIPAL + ":service:" + SERVICE,
            "test-ingest:ingest:" + INGEST);

    /** The environment that gives a service these keys (with authentication on, its default). */
    public static Map<String, String> environment() {
        return Map.of("STOCKFLOW_KEYS", STOCKFLOW_KEYS, "API_KEYS", LEGACY_WRITE, "ADMIN_API_KEYS", LEGACY_ADMIN);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "stockflow.auth.keys", STOCKFLOW_KEYS,
                "stockflow.auth.api-keys", LEGACY_WRITE,
                "stockflow.auth.admin-api-keys", LEGACY_ADMIN);
    }

    @Override
    public void stop() {
    }
}
