package io.stockflow.warehouse.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps quarkus-rest-csrf, which checks the console's forms, off the API. In Quarkus 3.33 its check
 * runs on every POST of the service and cannot be scoped to paths (quarkus#53715): JSON bodies are let
 * through (quarkus.rest-csrf.require-form-url-encoded=false), but a POST without a body, such as the
 * API's reservation release and commit, is refused with an empty 400. Such a POST outside the console
 * is given a JSON content type before the check sees it; it still has no body.
 */
public class ConsoleCsrf {

    @ServerRequestFilter(preMatching = true)
    public void bodilessApiPost(ContainerRequestContext request) {
        if ("POST".equals(request.getMethod()) && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
                && !request.getUriInfo().getPath().startsWith(StaffIdentityProviders.CONSOLE)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
