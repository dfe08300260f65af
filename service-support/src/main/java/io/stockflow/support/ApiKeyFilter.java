package io.stockflow.support;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code X-API-Key} when authentication is enabled: regular keys for the API, admin keys for
 * /v1/admin too. Health, metrics and OpenAPI are not JAX-RS routes and stay open.
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";

    private final AuthConfig auth;

    public ApiKeyFilter(AuthConfig auth) {
        this.auth = auth;
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
            return Optional.of(problem(401, "unauthorized", "Unauthorized",
                    key == null ? "send an API key in the " + HEADER + " header" : "the API key is not valid"));
        }
        if (!admin && request.getUriInfo().getPath().startsWith("/v1/admin")) {
            return Optional.of(problem(403, "forbidden", "Forbidden", "admin endpoints need an admin API key"));
        }
        return Optional.empty();
    }

    private static Response problem(int status, String errorType, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:stockflow:problem:" + errorType);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("errorType", errorType);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
