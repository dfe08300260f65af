package io.stockflow.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** {@code X-API-Key} authentication: AUTH_ENABLED, API_KEYS, ADMIN_API_KEYS. */
@ConfigMapping(prefix = "stockflow.auth")
public interface AuthConfig {

    @WithDefault("false")
    boolean enabled();

    Optional<List<String>> apiKeys();

    Optional<List<String>> adminApiKeys();
}
