package io.stockflow.support.ratelimit;

import io.stockflow.support.auth.ApiKeyAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every request to the API (JAX-RS only: health and metrics never pass here), unknown paths
 * included, once HTTP authentication has named its principal; refuses one over budget with 429
 * rate_limited and sets the RateLimit-* headers on allowed and refused answers alike. Runs on the
 * event loop before a blocking endpoint is handed to a worker ({@code nonBlocking}), so no worker
 * ever waits for Redis; Quarkus requires such a filter to come before every other one.
 */
public class RateLimitFilter {

    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    public static final String RETRY_AFTER = "Retry-After";
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter(preMatching = true, nonBlocking = true, priority = Priorities.AUTHENTICATION - 100)
    public Uni<Response> limit(ContainerRequestContext request, RoutingContext routing) {
        if (!limiter.enabled()) {
            return null;
        }
        Scope scope = Scope.ofPath(routing.normalizedPath());
        String apiKey = request.getHeaderString(API_KEY_HEADER);
        SocketAddress remote = routing.request().remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        return QuarkusHttpUser.getSecurityIdentity(routing, null)
                .onFailure().recoverWithNull() // refusing unauthenticated requests is authentication's business
                .chain(identity -> {
                    if (limiter.exempt(identity)) {
                        return Uni.createFrom().nullItem();
                    }
                    String principal = ApiKeyAuthenticationMechanism.keyHolder(identity);
                    return limiter.check(scope, RateLimitKeys.clientIds(limiter.type(), principal, apiKey, address))
                            .map(decision -> {
                                request.setProperty(DECISION, decision);
                                return decision.allowed() ? null : tooManyRequests(decision);
                            });
                });
    }

    private static Response tooManyRequests(Decision decision) {
        return Problem.of(ErrorType.RATE_LIMITED, "this client has used its " + decision.limit()
                        + " requests of the current window; retry in " + decision.retryAfterSeconds() + " s")
                .toResponseBuilder()
                .header(RETRY_AFTER, decision.retryAfterSeconds())
                .build();
    }

    /** On allowed and refused answers alike; the refusal's Retry-After comes with its problem. */
    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision decision && decision.checked()) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle(LIMIT, decision.limit());
            headers.putSingle(REMAINING, decision.remaining());
            headers.putSingle(RESET, decision.resetSeconds());
        }
    }
}
