package io.stockflow.support.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * {@code X-API-Key} authentication: on unless AUTH_ENABLED=false. Keys come from STOCKFLOW_KEYS
 * ({@code name:role:secret,...}) and from the seed's API_KEYS (role write) and ADMIN_API_KEYS (role
 * admin), whose principals are named after the key's position ({@code api-key-1}, {@code admin-key-1}).
 */
@ConfigMapping(prefix = "stockflow.auth")
public interface AuthConfig {

    @WithDefault("true")
    boolean enabled();

    /** {@code name:role:secret} entries (STOCKFLOW_KEYS). */
    Optional<List<String>> keys();

    /** Secrets of write keys (API_KEYS). */
    Optional<List<String>> apiKeys();

    /** Secrets of admin keys (ADMIN_API_KEYS). */
    Optional<List<String>> adminApiKeys();
}
