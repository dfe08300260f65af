package io.stockflow.support.ratelimit;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The 429 answer: problem+json rate_limited with Retry-After (the RateLimit-* headers come from the response filter). */
final class RateLimitProblem {

    private RateLimitProblem() {
    }

    static Response tooManyRequests(Decision decision) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:stockflow:problem:rate_limited");
        body.put("title", "Too many requests");
        body.put("status", 429);
        body.put("detail", "this client has used its " + decision.limit() + " requests of the current window; retry in "
                + decision.retryAfterSeconds() + " s");
        body.put("errorType", "rate_limited");
        return Response.status(429).type("application/problem+json").entity(body)
                .header(RateLimitFilter.RETRY_AFTER, decision.retryAfterSeconds())
                .build();
    }
}
