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
 * is given a JSON content type before the check sees it (it still has no body), and a form sent to the
 * API a type the API refuses as before (415 problem) rather than the check's empty 400.
 */
public class ConsoleCsrf {

    @ServerRequestFilter(preMatching = true)
    public void apiRequest(ContainerRequestContext request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || request.getUriInfo().getPath().startsWith(StaffIdentityProviders.CONSOLE)) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type == null || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
            boolean bodiless = request.getHeaderString(HttpHeaders.CONTENT_LENGTH) == null
                    ? request.getHeaderString("Transfer-Encoding") == null
                    : "0".equals(request.getHeaderString(HttpHeaders.CONTENT_LENGTH).strip());
            // no body: as if JSON (nothing is read); a form body: a type the API refuses with its 415 problem
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE,
                    bodiless ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_OCTET_STREAM);
        }
    }
}
