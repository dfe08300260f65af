package io.stockflow.support.ratelimit;

import java.time.Instant;
import java.util.List;

/**
 * GET /v1/admin/rate-limit/status, as CONTRACT.md has it (enabled, type, requestsPerMinute,
 * adminRequestsPerMinute, currentClients with clientId, requestCount, windowStart, isBlocked) and
 * a little more: the window, the budget per window, whether Redis answered (null when disabled).
 */
public record RateLimitStatus(
        boolean enabled,
        String type,
        int requestsPerMinute,
        int adminRequestsPerMinute,
        long windowSeconds,
        long requestsPerWindow,
        long adminRequestsPerWindow,
        Boolean redisReachable,
        List<Client> currentClients) {

    public record Client(String clientId, String scope, long limit, long requestCount, long remaining, Instant windowStart,
            boolean isBlocked) {
    }
}
