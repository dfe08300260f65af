package io.stockflow.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * Config overrides of a test profile that turns rate limiting on (against the test Redis): with
 * authentication off, so that a client is whatever X-API-Key it sends, hashed; or with it on.
 */
public final class RateLimits {

    private RateLimits() {
    }

    /** {@code settings}: pairs of stockflow.rate-limit.* names (without the prefix) and values. */
    public static Map<String, String> on(String... settings) {
        Map<String, String> overrides = withKeys(settings);
        overrides.put("stockflow.auth.enabled", "false");
        return overrides;
    }

    /** As {@link #on}, with authentication on (the test keys): a client is the key's principal. */
    public static Map<String, String> withKeys(String... settings) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("stockflow.rate-limit.enabled", "true");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            overrides.put("stockflow.rate-limit." + settings[i], settings[i + 1]);
        }
        return overrides;
    }
}
