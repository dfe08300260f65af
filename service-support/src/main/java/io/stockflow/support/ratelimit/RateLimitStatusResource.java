package io.stockflow.support.ratelimit;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The settings in force and every client counted in its current window, read from the shared counters. */
@Path("/v1/admin/rate-limit/status")
@RolesAllowed("admin")
public class RateLimitStatusResource {

    private final RateLimiter limiter;

    public RateLimitStatusResource(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RateLimitStatus> status() {
        return limiter.status();
    }
}
