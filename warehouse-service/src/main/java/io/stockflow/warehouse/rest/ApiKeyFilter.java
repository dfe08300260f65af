package io.stockflow.warehouse.rest;

import io.stockflow.warehouse.config.WarehouseConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code X-API-Key} when authentication is enabled: regular keys for the API, admin keys for
 * /v1/admin too. Health, metrics and OpenAPI are not JAX-RS routes and stay open.
 */
public class ApiKeyFilter {

    static final String HEADER = "X-API-Key";

    private final WarehouseConfig.Auth auth;

    public ApiKeyFilter(WarehouseConfig config) {
        this.auth = config.auth();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!auth.enabled()) {
            return Optional.empty();
        }
        String key = request.getHeaderString(HEADER);
        boolean admin = key != null && auth.adminApiKeys().orElse(List.of()).contains(key);
        boolean regular = key != null && auth.apiKeys().orElse(List.of()).contains(key);
        if (!admin && !regular) {
            return Optional.of(Problem.of(401, "unauthorized", "Unauthorized",
                    key == null ? "send an API key in the " + HEADER + " header" : "the API key is not valid").toResponse());
        }
        if (!admin && request.getUriInfo().getPath().startsWith("/v1/admin")) {
            return Optional.of(Problem.of(403, "forbidden", "Forbidden", "admin endpoints need an admin API key")
                    .toResponse());
        }
        return Optional.empty();
    }
}
