package io.stockflow.support.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request sizes a service accepts (MAX_URI_LENGTH, MAX_HEADER_SIZE); the body limit is Quarkus's
 * own {@code quarkus.http.limits.max-body-size} (MAX_BODY_SIZE). The HTTP codec's hard limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) must sit above these:
 * what the codec refuses gets an empty answer, what {@link HttpLimits} refuses gets problem+json.
 */
@ConfigMapping(prefix = "stockflow.http")
public interface HttpLimitsConfig {

    /** Characters of the request target (path and query). */
    @WithDefault("8192")
    int maxUriLength();

    /** Bytes of all header names and values. */
    @WithDefault("20480")
    int maxHeaderSize();
}
