package io.stockflow.catalog.health;

import io.stockflow.catalog.service.CacheWarmer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the stock cache was warmed (CONTRACT.md: catalog readiness). */
@Readiness
@ApplicationScoped
public class CacheWarmReadiness implements HealthCheck {

    private final CacheWarmer warmer;

    CacheWarmReadiness(CacheWarmer warmer) {
        this.warmer = warmer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stock-cache-warm").status(warmer.isWarm()).build();
    }
}
