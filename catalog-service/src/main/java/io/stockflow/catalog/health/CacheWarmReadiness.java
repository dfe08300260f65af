package io.stockflow.catalog.health;

import io.stockflow.catalog.service.CacheWarmer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the stock cache warms up (CONTRACT.md: catalog readiness). Once the warm-up gave
 * up, ready but saying so: {@code state: cold}, {@code degraded: true} and why (README, "Readiness"):
 * Redis is shared and outlives replicas, so serving what it holds, with a 503 for what it lacks, beats
 * taking the whole read side down while the warehouse is unreachable.
 */
@Readiness
@ApplicationScoped
public class CacheWarmReadiness implements HealthCheck {

    private final CacheWarmer warmer;

    CacheWarmReadiness(CacheWarmer warmer) {
        this.warmer = warmer;
    }

    @Override
    public HealthCheckResponse call() {
        CacheWarmer.State state = warmer.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("stock-cache-warm")
                .status(state != CacheWarmer.State.WARMING)
                .withData("state", state.name().toLowerCase())
                .withData("degraded", state == CacheWarmer.State.COLD);
        if (state == CacheWarmer.State.COLD && warmer.lastFailure() != null) {
            response.withData("reason", "warm-up failed: " + warmer.lastFailure());
        }
        return response.build();
    }
}
